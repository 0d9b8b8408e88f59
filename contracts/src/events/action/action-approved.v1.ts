// action.approved.v1: an action the system has decided to execute, with who approved it and why.
// Topic actions.approved.v1, subject `actionId`. Published; never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { APPROVAL_MODE_VALUES, type ApprovalMode } from '../../common/decisions';
import { DOMAIN_VALUES, type Domain } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsUnitInterval, Nullable } from '../../validation/decorators';

export const ACTION_APPROVED_V1 = 'action.approved.v1';

export class ActionApprovalV1 {
  @IsOneOf(APPROVAL_MODE_VALUES) mode!: ApprovalMode;
  /** User ids; empty when `mode` is automatic. */
  @IsArray() @IsNonEmptyString({ each: true }) approvers!: string[];
  @IsNonEmptyString() decisionId!: string;
  @IsNonEmptyString() policyVersion!: string;
}

/** A source event the action was derived from, by its de-duplication key and type. */
export class SourceEventRefV1 {
  @IsNonEmptyString() source!: string;
  @IsNonEmptyString() id!: string;
  @IsNonEmptyString() type!: string;
}

export class DataQualityV1 {
  @IsUnitInterval() score!: number;
  @IsArray() @IsNonEmptyString({ each: true }) issues!: string[];
}

export class ModelRefV1 {
  @IsNonEmptyString() id!: string;
  @IsNonEmptyString() version!: string;
  @IsUnitInterval() confidence!: number;
}

export class ActionLineageV1 {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SourceEventRefV1)
  sourceEvents!: SourceEventRefV1[];

  @IsObject() @ValidateNested() @Type(() => DataQualityV1) dataQuality!: DataQualityV1;

  /** null when no model was involved (a rule-based proposal). */
  @Nullable() @IsObject() @ValidateNested() @Type(() => ModelRefV1) model!: ModelRefV1 | null;

  /** null when the action came from the predictive-risk service rather than an agent. */
  @Nullable() @IsNonEmptyString() agentId!: string | null;
}

export class ActionApprovedV1 {
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  /** Valid for `actionType`: see ACTION_PARAMETER_CLASSES and validateActionParameters(). */
  @IsObject() parameters!: Record<string, unknown>;
  /** Stable for the action, so executing it twice is harmless. */
  @IsNonEmptyString() idempotencyKey!: string;
  @IsObject() @ValidateNested() @Type(() => ActionApprovalV1) approval!: ActionApprovalV1;
  @IsObject() @ValidateNested() @Type(() => ActionLineageV1) lineage!: ActionLineageV1;
}
