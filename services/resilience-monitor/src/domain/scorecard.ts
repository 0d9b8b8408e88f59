// The governance scorecard (docs/design.md), per domain and overall, from the figures the repository
// gathered for a window. Definitions (also in the README):
// - automation rate: auto-approved / (auto-approved + approval-required); rejections and advisories
//   are not actions a person could have been spared;
// - approval latency: requested -> resolved of tasks people approved or rejected (expired ones are not decisions);
// - exception: an execution that failed; resolved when a later outcome (executed or compensated) of the
//   same action arrived;
// - override rate: share of people's approval decisions that were rejections, and forced modes;
// - audit completeness: executed actions whose decision is known and, unless policy auto-approved
//   it, whose approval task ended approved;
// - access violations: refusals services reported (security.violation-recorded.v1) whose last
//   refusal fell in the window, summed by kind (each report counts the refusals it groups); a
//   domain's are those about it, overall all of them, including those about no domain.
// The business outcomes (fill rate, cycle time, forecast accuracy) are defined in
// business-outcomes.ts, the governance outcomes (exceptions, adoption, policy violations,
// automation mix, fallback reliability) in governance-outcomes.ts, shadow vs champion in shadow-runs.ts.
import {
  DECISION_OUTCOME_VALUES,
  DOMAIN_VALUES,
  DomainModes,
  DecisionOutcomes,
  SECURITY_VIOLATION_KIND_VALUES,
  ApprovalOutcomes,
  SOURCE_DOMAIN_VALUES,
  type ApprovalOutcome,
  type DecisionOutcome,
  type Domain,
  type DomainMode,
  type SecurityViolationKind,
  type SourceDomain,
} from '@governor/contracts';
import { cycleTimes, fillRate, forecastAccuracy, type DemandActual, type DemandForecast, type FillRate, type ForecastAccuracy, type OrderFacts } from './business-outcomes';
import {
  automationMix,
  exceptionResolution,
  fallbackReliability,
  policyViolations,
  userAdoption,
  type AutomationMix,
  type ExceptionResolution,
  type FallbackReliability,
  type Retry,
} from './governance-outcomes';
import { round } from './health';
import { shadowRuns, type ShadowReport, type ShadowRun } from './shadow-runs';

export const ExecutionOutcomes = { Executed: 'executed', Failed: 'failed', Compensated: 'compensated' } as const;
export type ExecutionOutcome = (typeof ExecutionOutcomes)[keyof typeof ExecutionOutcomes];

export interface ScorecardInputs {
  from: number;
  to: number;
  quality: { domain: SourceDomain; events: number; scoredEvents: number; scoreSum: number }[];
  /** inFallback: decided while the governing mode was not `automated`. */
  decisions: { domain: Domain; outcome: DecisionOutcome; inFallback: boolean; count: number }[];
  /** Rejected decisions by each policy among their reasons. */
  rejectionReasons: { domain: Domain; policyId: string; count: number }[];
  proposals: { domain: Domain; count: number }[];
  approvals: { domain: Domain; outcome: ApprovalOutcome; latencySeconds: number }[];
  executions: { domain: Domain; outcome: ExecutionOutcome; count: number }[];
  failures: { domain: Domain; failedAt: number; resolvedAt: number | null }[];
  /** Executions in the window that succeeded after more than one attempt. */
  retries: (Retry & { domain: Domain })[];
  /** Orders placed in the window (domain orders). */
  orders: OrderFacts[];
  /** Demand forecasts proposals carried, up to the window's end, by the proposal's domain. */
  forecasts: (DemandForecast & { domain: Domain })[];
  /** Daily demand recorded in the window. */
  actuals: DemandActual[];
  /** Automatic approvals execution held for review because their domain was not automated. */
  executionHolds: { domain: Domain; count: number }[];
  /**
   * Each domain's changes that took effect within the window, its last one before it, and the
   * operators' changes made within it; any order. `at` is when the mode was entered, `changedAt`
   * when the change was announced (they differ when an operator clears an override).
   */
  modeChanges: { domain: SourceDomain; mode: DomainMode; at: number; changedAt: number; byOperator: boolean }[];
  /** Every shadow run the model health reports within the window carried. */
  shadowReports: ShadowReport[];
  /** The latest report of each model within the window. */
  models: { domain: SourceDomain; modelId: string; modelVersion: string; psi: number | null; forecastBias: number | null; biasSampleSize: number }[];
  audit: { domain: Domain; executed: number; complete: number }[];
  /** Reported refusals per domain (null: about no domain) and kind. */
  accessViolations: { domain: Domain | null; kind: SecurityViolationKind; count: number }[];
  /** The current health of each domain. */
  health: Partial<Record<SourceDomain, number>>;
}

export type DriftLevel = 'ok' | 'warning' | 'major' | 'unknown';

export interface Figures {
  eventsIn: number;
  meanDataQuality: number | null;
  proposals: number;
  decisions: Record<DecisionOutcome, number>;
  automationRate: number | null;
  approvalLatencySeconds: { count: number; p50: number | null; p95: number | null };
  exceptionResolution: ExceptionResolution;
  overrides: { humanRejections: number; humanRejectionRate: number | null; forcedModes: number };
  policyViolationsPrevented: number;
  executions: Record<ExecutionOutcome, number>;
  /** null for planning, which has no mode: advisories are never blocked. */
  timeInModeSeconds: Record<DomainMode, number> | null;
  drift: { modelId: string; modelVersion: string; psi: number | null; level: DriftLevel }[];
  forecastBias: { modelId: string; modelVersion: string; bias: number | null; sampleSize: number }[];
  auditCompleteness: { executed: number; complete: number; ratio: number | null };
  /** Refused API calls (401, 403) and actions refused for a bad signature, by kind. */
  accessViolations: { total: number; byKind: Record<SecurityViolationKind, number> };
  /** The current health figure; overall, the weakest domain's. */
  health: number | null;
  /** null outside orders (overall: the orders domain's). */
  fillRate: FillRate | null;
  orderCycleTimeSeconds: { count: number; p50: number | null; p95: number | null } | null;
  /** Per model version, of the forecasts the domain's proposals carried. */
  forecastAccuracy: ForecastAccuracy[];
  /** Each shadow version against its champion, from its newest report in the window. */
  shadowVsChampion: ShadowRun[];
  userAdoption: { actedOn: number; expired: number; rate: number | null };
  policyViolations: { total: number; byPolicy: Record<string, number> };
  automationMix: AutomationMix;
  /** null for planning, which has no mode. */
  fallbackReliability: FallbackReliability | null;
}

export interface Scorecard {
  window: string;
  from: string;
  to: string;
  overall: Figures;
  domains: Record<Domain, Figures>;
}

export function buildScorecard(window: string, inputs: ScorecardInputs, drift: { warningPsi: number; majorPsi: number }): Scorecard {
  const domains = Object.fromEntries(
    DOMAIN_VALUES.map((domain) => [domain, figures(inputs, drift, (d) => d === domain, isSourceDomain(domain) ? [domain] : [], false)]),
  ) as Record<Domain, Figures>;
  return {
    window,
    from: new Date(inputs.from).toISOString(),
    to: new Date(inputs.to).toISOString(),
    overall: figures(inputs, drift, () => true, SOURCE_DOMAIN_VALUES, true),
    domains,
  };
}

function figures(
  inputs: ScorecardInputs,
  drift: { warningPsi: number; majorPsi: number },
  includes: (domain: Domain) => boolean,
  modeDomains: readonly SourceDomain[],
  overall: boolean,
): Figures {
  const pick = <T extends { domain: Domain }>(rows: readonly T[]) => rows.filter((r) => includes(r.domain));
  const quality = pick(inputs.quality);
  const scored = sum(quality.map((q) => q.scoredEvents));
  const decided = pick(inputs.decisions);
  const decisions = countBy(decided, DECISION_OUTCOME_VALUES);
  const allowed = decisions[DecisionOutcomes.AutoApproved] + decisions[DecisionOutcomes.ApprovalRequired];
  const byPeople = pick(inputs.approvals).filter((a) => a.outcome !== ApprovalOutcomes.Expired);
  const rejections = byPeople.filter((a) => a.outcome === ApprovalOutcomes.Rejected).length;
  const latencies = byPeople.map((a) => a.latencySeconds).sort((a, b) => a - b);
  const ordersIncluded = includes('orders');
  const cycle = cycleTimes(inputs.orders, inputs.to);
  const audit = pick(inputs.audit);
  const executed = sum(audit.map((a) => a.executed));
  const complete = sum(audit.map((a) => a.complete));
  const models = pick(inputs.models).sort((a, b) => a.modelId.localeCompare(b.modelId));
  const healths = modeDomains.map((d) => inputs.health[d]).filter((h): h is number => h !== undefined);
  return {
    eventsIn: round(sum(quality.map((q) => q.events))),
    meanDataQuality: scored > 0 ? round(sum(quality.map((q) => q.scoreSum)) / scored) : null,
    proposals: sum(pick(inputs.proposals).map((p) => p.count)),
    decisions,
    automationRate: allowed > 0 ? round(decisions[DecisionOutcomes.AutoApproved] / allowed) : null,
    approvalLatencySeconds: { count: latencies.length, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    exceptionResolution: exceptionResolution(pick(inputs.failures), pick(inputs.retries)),
    overrides: {
      humanRejections: rejections,
      humanRejectionRate: byPeople.length > 0 ? round(rejections / byPeople.length) : null,
      forcedModes: pick(inputs.modeChanges).filter((c) => c.byOperator && c.changedAt > inputs.from && c.changedAt <= inputs.to).length,
    },
    policyViolationsPrevented: decisions[DecisionOutcomes.Rejected],
    executions: countBy(pick(inputs.executions), Object.values(ExecutionOutcomes)),
    timeInModeSeconds: modeDomains.length === 0 ? null : sumModes(modeDomains.map((d) => timeInModes(inputs.modeChanges.filter((c) => c.domain === d), inputs.from, inputs.to))),
    drift: models.map((m) => ({ modelId: m.modelId, modelVersion: m.modelVersion, psi: m.psi, level: driftLevel(m.psi, drift) })),
    forecastBias: models.map((m) => ({ modelId: m.modelId, modelVersion: m.modelVersion, bias: m.forecastBias, sampleSize: m.biasSampleSize })),
    auditCompleteness: { executed, complete, ratio: executed > 0 ? round(complete / executed) : null },
    accessViolations: accessViolations(inputs.accessViolations.filter((v) => (v.domain === null ? overall : includes(v.domain)))),
    health: healths.length > 0 ? Math.min(...healths) : null,
    fillRate: ordersIncluded ? fillRate(inputs.orders, inputs.to) : null,
    orderCycleTimeSeconds: ordersIncluded ? { count: cycle.length, p50: percentile(cycle, 0.5), p95: percentile(cycle, 0.95) } : null,
    forecastAccuracy: forecastAccuracy(pick(inputs.forecasts), inputs.actuals),
    shadowVsChampion: shadowRuns(pick(inputs.shadowReports)),
    userAdoption: userAdoption(pick(inputs.approvals)),
    policyViolations: policyViolations(decisions[DecisionOutcomes.Rejected], pick(inputs.rejectionReasons)),
    automationMix: automationMix(decided),
    // Planning's advisories are never blocked: only the four domains with a mode count.
    fallbackReliability:
      modeDomains.length === 0
        ? null
        : fallbackReliability(automationMix(decided.filter((d) => isSourceDomain(d.domain))).inFallback, sum(pick(inputs.executionHolds).map((h) => h.count))),
  };
}

function accessViolations(rows: readonly { kind: SecurityViolationKind; count: number }[]): Figures['accessViolations'] {
  const byKind = countBy(rows.map((r) => ({ outcome: r.kind, count: r.count })), SECURITY_VIOLATION_KIND_VALUES);
  return { total: sum(Object.values(byKind)), byKind };
}

/** Seconds spent in each mode between `from` and `to`; before its first known change a domain is automated. */
export function timeInModes(changes: readonly { mode: DomainMode; at: number }[], from: number, to: number): Record<DomainMode, number> {
  const totals: Record<DomainMode, number> = { [DomainModes.Automated]: 0, [DomainModes.ManualFallback]: 0, [DomainModes.Probation]: 0 };
  const sorted = [...changes].sort((a, b) => a.at - b.at);
  let mode: DomainMode = sorted.filter((c) => c.at <= from).at(-1)?.mode ?? DomainModes.Automated;
  let cursor = from;
  for (const change of sorted.filter((c) => c.at > from && c.at <= to)) {
    totals[mode] += change.at - cursor;
    mode = change.mode;
    cursor = change.at;
  }
  totals[mode] += to - cursor;
  for (const key of Object.keys(totals) as DomainMode[]) totals[key] = round(totals[key] / 1000);
  return totals;
}

/** Linear interpolation between closest ranks (as Postgres percentile_cont); null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low));
}

function driftLevel(psi: number | null, drift: { warningPsi: number; majorPsi: number }): DriftLevel {
  if (psi === null) return 'unknown';
  if (psi > drift.majorPsi) return 'major';
  return psi > drift.warningPsi ? 'warning' : 'ok';
}

function countBy<K extends string>(rows: readonly { outcome: K; count: number }[], keys: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const row of rows) counts[row.outcome] += row.count;
  return counts;
}

function sumModes(all: Record<DomainMode, number>[]): Record<DomainMode, number> {
  const totals: Record<DomainMode, number> = { [DomainModes.Automated]: 0, [DomainModes.ManualFallback]: 0, [DomainModes.Probation]: 0 };
  for (const one of all) for (const key of Object.keys(one) as DomainMode[]) totals[key] = round(totals[key] + one[key]);
  return totals;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function isSourceDomain(domain: Domain): domain is SourceDomain {
  return (SOURCE_DOMAIN_VALUES as readonly Domain[]).includes(domain);
}
