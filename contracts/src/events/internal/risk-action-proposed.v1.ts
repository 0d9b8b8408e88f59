// risk.action-proposed.v1: an action proposed by Governor's predictive-risk service, for
// policy-enforcement to decide. Internal topic internal.actions-proposed.v1, subject `actionId`.
// Not in docs/contract.md, but versioned like it: never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { DOMAIN_VALUES, type Domain } from '../../common/domains';
import {
  IsNonEmptyString,
  IsOneOf,
  IsRfc3339Timestamp,
  IsUnitInterval,
  Nullable,
  Optional,
} from '../../validation/decorators';
import { DataQualityV1, SourceEventRefV1 } from '../action/action-approved.v1';

export const RISK_ACTION_PROPOSED_V1 = 'risk.action-proposed.v1';

/** The model behind a proposal; its confidence is the proposal's `confidence`. */
export class ProposalModelV1 {
  @IsNonEmptyString() id!: string;
  @IsNonEmptyString() version!: string;
}

/**
 * A source event of a proposal: its reference, and (added later, so optional) its CloudEvents
 * `time`, which the lineage shows. The published ActionLineageV1 keeps the reference only.
 */
export class ProposalSourceEventV1 extends SourceEventRefV1 {
  @Optional() @IsRfc3339Timestamp() time?: string;
}

export class RiskActionProposedV1 {
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  /** Only checked to be an object here: validateActionParameters() checks it against the action type. */
  @IsObject() parameters!: Record<string, unknown>;
  @IsUnitInterval() confidence!: number;
  @IsNonEmptyString() rationale!: string;
  /** The model inputs the proposal was made from, by name. */
  @IsObject() features!: Record<string, number | string | boolean>;
  @IsObject() @ValidateNested() @Type(() => DataQualityV1) dataQuality!: DataQualityV1;
  /** null for a rule-based proposal. */
  @Nullable() @IsObject() @ValidateNested() @Type(() => ProposalModelV1) model!: ProposalModelV1 | null;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProposalSourceEventV1)
  sourceEvents!: ProposalSourceEventV1[];
  @IsRfc3339Timestamp() proposedAt!: string;
}
