// Shadow vs champion (issue 23): a model version in shadow scores live traffic beside its champion
// and proposes nothing; predictive-risk's model health report carries each shadow's WAPE and its
// champion's on the same forecasts, scored in that report's tick. The scorecard shows, per shadow
// version reported in the window, its newest report there: both WAPEs, the difference and how many
// forecasts they were measured on. Defined in the README with the other figures.
import type { SourceDomain } from '@governor/contracts';
import { round } from './health';

/** One shadow run as one model health report gave it. */
export interface ShadowReport {
  domain: SourceDomain;
  modelId: string;
  version: string;
  champion: string;
  /** When the version went into shadow (ISO 8601). */
  since: string;
  /** Live forecasts both were scored on. */
  forecasts: number;
  wape: number | null;
  championWape: number | null;
  /** When the report was made (epoch ms). */
  reportedAt: number;
}

/** A shadow run as the scorecard shows it: its newest report's figures, with their difference. */
export interface ShadowRun extends Omit<ShadowReport, 'domain' | 'reportedAt'> {
  /** wape − championWape: negative when the shadow does better; null without both. */
  wapeDelta: number | null;
  /** The report these figures are from (ISO 8601). */
  reportedAt: string;
}

/** The newest report of each shadow version (by model), ordered by model then version. */
export function shadowRuns(reports: readonly ShadowReport[]): ShadowRun[] {
  const newest = new Map<string, ShadowReport>();
  for (const report of reports) {
    const key = JSON.stringify([report.modelId, report.version]);
    const seen = newest.get(key);
    if (!seen || report.reportedAt > seen.reportedAt) newest.set(key, report);
  }
  return [...newest.values()]
    .sort((a, b) => a.modelId.localeCompare(b.modelId) || a.version.localeCompare(b.version))
    .map(({ domain: _domain, reportedAt, ...figures }) => ({
      ...figures,
      wapeDelta: figures.wape !== null && figures.championWape !== null ? round(figures.wape - figures.championWape) : null,
      reportedAt: new Date(reportedAt).toISOString(),
    }));
}
