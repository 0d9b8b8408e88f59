// The answer of resilience-monitor's `GET /scorecard` as the CLI reads it (the figures its tables
// show; the service's own type is services/resilience-monitor/src/domain/scorecard.ts, which a
// lib cannot import). One home for the `governor scorecard` table and the demo's report.

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
}

export interface ScorecardAnswer {
  window: string;
  from: string;
  to: string;
  overall: ScorecardFigures;
  domains: Record<string, ScorecardFigures>;
}
