// The answer of resilience-monitor's `GET /scorecard` as the CLI reads it (the figures its tables
// show; the service's own type is services/resilience-monitor/src/domain/scorecard.ts, which a
// lib cannot import), and the tables of its outcomes. One home for the `governor scorecard` table
// and the demo's report.
import { listTable } from './tables';

export interface AutomationMixFigures {
  autoApproved: number;
  approvalRequired: number;
  rejected: number;
  automatedShare: number | null;
}

export interface ForecastAccuracyFigures {
  modelId: string;
  modelVersion: string;
  pairs: number;
  wape: number | null;
  bias: number | null;
  relativeBias: number | null;
}

/** A model version in shadow against its champion, from its newest report in the window. */
export interface ShadowRunFigures {
  modelId: string;
  version: string;
  champion: string;
  since: string;
  forecasts: number;
  wape: number | null;
  championWape: number | null;
  wapeDelta: number | null;
  reportedAt: string;
}

export interface ScorecardFigures {
  eventsIn: number;
  meanDataQuality: number | null;
  proposals: number;
  decisions: Record<string, number>;
  automationRate: number | null;
  approvalLatencySeconds: { p50: number | null; p95: number | null };
  policyViolationsPrevented: number;
  executions: Record<string, number>;
  timeInModeSeconds: Record<string, number> | null;
  drift: { modelId: string; psi: number | null; level: string }[];
  forecastBias: { modelId: string; bias: number | null }[];
  auditCompleteness: { ratio: number | null };
  health?: number | null;
  // The outcomes (contract 1.1); absent from a monitor that predates them.
  exceptionResolution?: { resolved: number; open: number; retried: number; meanSeconds: number | null };
  accessViolations?: { total: number; byKind: Record<string, number> };
  fillRate?: { orders: number; filled: number; rate: number | null } | null;
  orderCycleTimeSeconds?: { count: number; p50: number | null; p95: number | null } | null;
  forecastAccuracy?: ForecastAccuracyFigures[];
  shadowVsChampion?: ShadowRunFigures[];
  userAdoption?: { actedOn: number; expired: number; rate: number | null };
  policyViolations?: { total: number; byPolicy: Record<string, number> };
  automationMix?: { outsideFallback: AutomationMixFigures; inFallback: AutomationMixFigures };
  fallbackReliability?: { held: number; heldAtExecution: number; slipped: number } | null;
}

export interface ScorecardAnswer {
  window: string;
  from: string;
  to: string;
  overall: ScorecardFigures;
  domains: Record<string, ScorecardFigures>;
}

/** A mix as `automatic/to people/rejected automated-share`, e.g. `12/4/1 0.75`. */
function mix(m: AutomationMixFigures | undefined): string | undefined {
  return m && `${m.autoApproved}/${m.approvalRequired}/${m.rejected} ${m.automatedShare === null ? '-' : m.automatedShare.toFixed(2)}`;
}

/** The outcomes per domain and overall: one row each, a column per figure. */
export function scorecardOutcomesTable(scorecard: ScorecardAnswer): string {
  const rows: [string, ScorecardFigures][] = [['overall', scorecard.overall], ...Object.entries(scorecard.domains)];
  return listTable(
    rows,
    [
      { head: 'domain', value: ([domain]) => domain },
      { head: 'fill rate', value: ([, f]) => f.fillRate?.rate },
      { head: 'cycle p50 s', value: ([, f]) => f.orderCycleTimeSeconds?.p50 },
      { head: 'exceptions res/open', value: ([, f]) => f.exceptionResolution && `${f.exceptionResolution.resolved}/${f.exceptionResolution.open}` },
      { head: 'resolve s', value: ([, f]) => f.exceptionResolution?.meanSeconds },
      { head: 'adoption', value: ([, f]) => f.userAdoption?.rate },
      { head: 'policy viol.', value: ([, f]) => f.policyViolations?.total },
      { head: 'access viol.', value: ([, f]) => f.accessViolations?.total },
      { head: 'mix automated', value: ([, f]) => mix(f.automationMix?.outsideFallback) },
      { head: 'mix in fallback', value: ([, f]) => mix(f.automationMix?.inFallback) },
      { head: 'fallback held/slipped', value: ([, f]) => f.fallbackReliability && `${f.fallbackReliability.held}/${f.fallbackReliability.slipped}` },
    ],
    'no figures',
  );
}

/** Forecast accuracy of each model version, overall. */
export function forecastAccuracyTable(scorecard: ScorecardAnswer): string {
  return listTable(
    scorecard.overall.forecastAccuracy ?? [],
    [
      { head: 'model', value: (m) => m.modelId },
      { head: 'version', value: (m) => m.modelVersion },
      { head: 'pairs', value: (m) => m.pairs },
      { head: 'WAPE', value: (m) => m.wape },
      { head: 'bias /day', value: (m) => m.bias },
      { head: 'relative bias', value: (m) => m.relativeBias },
    ],
    'forecast accuracy: no forecast has met its actual demand in the window yet',
  );
}

/** WAPEs to three places: a shadow and its champion often differ by less than 0.01. */
function wape(value: number | null): string | null {
  return value === null ? null : value.toFixed(3);
}

/** Each shadow run against its champion, by domain (a monitor that predates them shows none). */
export function shadowVsChampionTable(scorecard: ScorecardAnswer): string {
  const rows = Object.entries(scorecard.domains).flatMap(([domain, f]) => (f.shadowVsChampion ?? []).map((run) => ({ domain, ...run })));
  return listTable(
    rows,
    [
      { head: 'domain', value: (r) => r.domain },
      { head: 'model', value: (r) => r.modelId },
      { head: 'shadow', value: (r) => r.version },
      { head: 'champion', value: (r) => r.champion },
      { head: 'forecasts', value: (r) => r.forecasts },
      { head: 'shadow WAPE', value: (r) => wape(r.wape) },
      { head: 'champion WAPE', value: (r) => wape(r.championWape) },
      { head: 'WAPE delta', value: (r) => wape(r.wapeDelta) },
      { head: 'in shadow since', value: (r) => r.since },
      { head: 'reported', value: (r) => r.reportedAt },
    ],
    'no model version ran in shadow in the window',
  );
}
