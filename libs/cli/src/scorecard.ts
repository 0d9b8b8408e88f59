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
