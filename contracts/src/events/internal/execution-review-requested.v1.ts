// execution.review-requested.v1: an approved action held for human review before execution, e.g.
// while its domain is in probation. Internal topic internal.review-requests.v1, subject `actionId`.
// Not in docs/contract.md, but versioned like it: never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { DOMAIN_MODE_VALUES, DOMAIN_VALUES, type Domain, type DomainMode } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp } from '../../validation/decorators';
import { ActionApprovedV1 } from '../action/action-approved.v1';

export const EXECUTION_REVIEW_REQUESTED_V1 = 'execution.review-requested.v1';

export class ReviewRequestedV1 {
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  /** The mode of `domain` when the review was requested. */
  @IsOneOf(DOMAIN_MODE_VALUES) domainMode!: DomainMode;
  @IsNonEmptyString() reason!: string;
  /** The approved action under review, exactly as it would be published. */
  @IsObject() @ValidateNested() @Type(() => ActionApprovedV1) approved!: ActionApprovedV1;
  @IsRfc3339Timestamp() requestedAt!: string;
}
