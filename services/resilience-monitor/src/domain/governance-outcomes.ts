// The scorecard's governance outcomes, from decisions, approval results and execution outcomes.
// Definitions (also in the README):
// - exception resolution: an exception is an execution that failed, for good (action.failed) or at
//   first (action.executed after more than one attempt). A failure is resolved when a later executed
//   or compensated outcome of the same action arrived; an execution that succeeded on a retry is
//   resolved by it, its time running from the action's approval (policy's automatic approval or the
//   people's) to the execution;
// - user adoption: of the approval tasks that ended in the window, the share people acted on
//   (approved or rejected) rather than let expire;
// - policy violations: decisions policy rejected, and by the policies that rejected them (a
//   decision counts once under each of its reasons, so those may add up to more than the total);
// - automation mix: decisions by outcome outside fallback (the governing mode `automated`) and in
//   fallback (`manual-fallback` or `probation`, where nothing may run automatically), with the
//   automated share auto-approved / (auto-approved + approval-required) of each;
// - fallback reliability: the actions held in fallback, by policy (decided in fallback and sent to
//   people or rejected) or at execution (automatically approved, then held for review because the
//   domain had left `automated` by then: `heldAtExecution`), and those that slipped through
//   (auto-approved in fallback), which must be 0. Planning has no mode: advisories are never
//   blocked, so it has no fallback reliability.
import {
  ApprovalOutcomes,
  DecisionOutcomes,
  type ApprovalOutcome,
  type DecisionOutcome,
} from '@governor/contracts';
import { round } from './health';

export interface Failure {
  failedAt: number;
  resolvedAt: number | null;
}

/** An execution that succeeded after more than one attempt; approvedAt null when the approval is unknown. */
export interface Retry {
  approvedAt: number | null;
  executedAt: number;
}

export interface ExceptionResolution {
  resolved: number;
  open: number;
  /** Of the resolved ones, how many a retry resolved. */
  retried: number;
  meanSeconds: number | null;
}

export interface Mix {
  autoApproved: number;
  approvalRequired: number;
  rejected: number;
  automatedShare: number | null;
}

export interface AutomationMix {
  outsideFallback: Mix;
  inFallback: Mix;
}

export interface FallbackReliability {
  held: number;
  heldAtExecution: number;
  slipped: number;
}

export function exceptionResolution(
  failures: readonly Failure[],
  retries: readonly Retry[],
): ExceptionResolution {
  const resolved = failures.filter((f): f is Failure & { resolvedAt: number } => f.resolvedAt !== null);
  const times = [
    ...resolved.map((f) => f.resolvedAt - f.failedAt),
    ...retries
      .filter((r): r is Retry & { approvedAt: number } => r.approvedAt !== null)
      .map((r) => Math.max(0, r.executedAt - r.approvedAt)),
  ];
  return {
    resolved: resolved.length + retries.length,
    open: failures.length - resolved.length,
    retried: retries.length,
    meanSeconds: times.length > 0 ? round(times.reduce((a, b) => a + b, 0) / 1000 / times.length) : null,
  };
}

export function userAdoption(approvals: readonly { outcome: ApprovalOutcome }[]): {
  actedOn: number;
  expired: number;
  rate: number | null;
} {
  const expired = approvals.filter((a) => a.outcome === ApprovalOutcomes.Expired).length;
  const actedOn = approvals.length - expired;
  return { actedOn, expired, rate: approvals.length > 0 ? round(actedOn / approvals.length) : null };
}

export function policyViolations(
  rejected: number,
  reasons: readonly { policyId: string; count: number }[],
): { total: number; byPolicy: Record<string, number> } {
  const byPolicy: Record<string, number> = {};
  for (const r of [...reasons].sort((a, b) => a.policyId.localeCompare(b.policyId)))
    byPolicy[r.policyId] = (byPolicy[r.policyId] ?? 0) + r.count;
  return { total: rejected, byPolicy };
}

export function automationMix(
  decisions: readonly { outcome: DecisionOutcome; inFallback: boolean; count: number }[],
): AutomationMix {
  return {
    outsideFallback: mix(decisions.filter((d) => !d.inFallback)),
    inFallback: mix(decisions.filter((d) => d.inFallback)),
  };
}

export function fallbackReliability(inFallback: Mix, heldAtExecution: number): FallbackReliability {
  return {
    held: inFallback.approvalRequired + inFallback.rejected + heldAtExecution,
    heldAtExecution,
    slipped: inFallback.autoApproved,
  };
}

function mix(decisions: readonly { outcome: DecisionOutcome; count: number }[]): Mix {
  const count = (outcome: DecisionOutcome) =>
    decisions.filter((d) => d.outcome === outcome).reduce((s, d) => s + d.count, 0);
  const autoApproved = count(DecisionOutcomes.AutoApproved);
  const approvalRequired = count(DecisionOutcomes.ApprovalRequired);
  const allowed = autoApproved + approvalRequired;
  return {
    autoApproved,
    approvalRequired,
    rejected: count(DecisionOutcomes.Rejected),
    automatedShare: allowed > 0 ? round(autoApproved / allowed) : null,
  };
}
