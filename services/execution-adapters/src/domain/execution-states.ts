// The life of one approved action in the executions table, keyed by actionId:
//   pending -> executing -> executed -> compensating -> compensated | compensation-failed
//                 |  ^ retry (pending again, later)
//                 v
//               failed
//   review-requested: an automatic approval held because its domain is not `automated`; a later
//   human approval of the same action moves it to pending, exactly once.
//   executing -> compensation-failed: the last attempt left part of the action done (a transfer
//   issued, not received) and the adapter's own undoing failed too; an operator compensates it.
import { type ValueOf } from '@governor/contracts';

export const ExecutionStates = {
  ReviewRequested: 'review-requested',
  Pending: 'pending',
  Executing: 'executing',
  Executed: 'executed',
  Failed: 'failed',
  Compensating: 'compensating',
  Compensated: 'compensated',
  CompensationFailed: 'compensation-failed',
} as const;
export type ExecutionState = ValueOf<typeof ExecutionStates>;
export const EXECUTION_STATE_VALUES: readonly ExecutionState[] = Object.values(ExecutionStates);

/** States from which compensation may start (again, after a failed try). */
export const COMPENSABLE_STATES: readonly ExecutionState[] = [ExecutionStates.Executed, ExecutionStates.CompensationFailed];
