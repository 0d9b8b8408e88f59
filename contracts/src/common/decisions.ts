// Vocabulary of policy decisions and approvals (docs/contract.md section 4).
import { type ValueOf, valuesOf } from './value-of';

export const DecisionOutcomes = {
  AutoApproved: 'auto-approved',
  ApprovalRequired: 'approval-required',
  Rejected: 'rejected',
  Advisory: 'advisory',
} as const;
export type DecisionOutcome = ValueOf<typeof DecisionOutcomes>;
export const DECISION_OUTCOME_VALUES = valuesOf(DecisionOutcomes);

/** Whether an approved action was approved by policy alone or by people. */
export const ApprovalModes = {
  Automatic: 'automatic',
  Human: 'human',
} as const;
export type ApprovalMode = ValueOf<typeof ApprovalModes>;
export const APPROVAL_MODE_VALUES = valuesOf(ApprovalModes);

/** How a human approval task ended. */
export const ApprovalOutcomes = {
  Approved: 'approved',
  Rejected: 'rejected',
  Expired: 'expired',
} as const;
export type ApprovalOutcome = ValueOf<typeof ApprovalOutcomes>;
export const APPROVAL_OUTCOME_VALUES = valuesOf(ApprovalOutcomes);
