// policy.approval-resolved.v1: how a human approval task ended, from policy-enforcement. Internal
// topic internal.approvals.v1, subject `actionId`. Not in docs/contract.md, but versioned like it:
// never edit, add a .v2 beside it.
import { IsArray } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { APPROVAL_OUTCOME_VALUES, type ApprovalOutcome } from '../../common/decisions';
import { DOMAIN_VALUES, type Domain } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, Nullable } from '../../validation/decorators';

export const POLICY_APPROVAL_RESOLVED_V1 = 'policy.approval-resolved.v1';

export class ApprovalResolvedV1 {
  @IsNonEmptyString() taskId!: string;
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  @IsOneOf(APPROVAL_OUTCOME_VALUES) outcome!: ApprovalOutcome;
  /** User ids that approved; empty when nobody did. */
  @IsArray() @IsNonEmptyString({ each: true }) approvers!: string[];
  /** The user id that rejected; null unless `outcome` is rejected. */
  @Nullable() @IsNonEmptyString() rejectedBy!: string | null;
  @IsRfc3339Timestamp() requestedAt!: string;
  @IsRfc3339Timestamp() resolvedAt!: string;
}
