// What to do with an approved action when it arrives, given what the executions table already
// holds for its actionId, and whether an automatic approval may run in its domain's current mode.
import { ApprovalModes, Domains, DomainModes, type ApprovalMode, type Domain, type DomainMode } from '@governor/contracts';
import { ExecutionState, ExecutionStates } from './execution-states';

export type Admission =
  /** First time this actionId is seen: record it and execute. */
  | { kind: 'new' }
  /** Held for review earlier and now approved by a person: execute, once. */
  | { kind: 'resume-after-review' }
  /** Seen before: do nothing again. */
  | { kind: 'duplicate'; state: ExecutionState };

export function admit(existing: ExecutionState | undefined, approvalMode: ApprovalMode): Admission {
  if (existing === undefined) return { kind: 'new' };
  if (existing === ExecutionStates.ReviewRequested && approvalMode === ApprovalModes.Human) {
    return { kind: 'resume-after-review' };
  }
  return { kind: 'duplicate', state: existing };
}

export type ModeGate = { kind: 'execute' } | { kind: 'hold-for-review'; mode: DomainMode; reason: string };

/**
 * Automatic approvals run only while their domain is `automated`: the mode may have changed since
 * policy decided. Human approvals run in any mode, and planning advisories are never blocked.
 */
export function modeGate(approvalMode: ApprovalMode, domain: Domain, mode: DomainMode): ModeGate {
  if (approvalMode !== ApprovalModes.Automatic || domain === Domains.Planning || mode === DomainModes.Automated) {
    return { kind: 'execute' };
  }
  return {
    kind: 'hold-for-review',
    mode,
    reason: `${domain} is in ${mode}: an automatic approval is not executed; a person must review it`,
  };
}
