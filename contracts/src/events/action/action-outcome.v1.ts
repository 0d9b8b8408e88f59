// The data shape shared by action.executed.v1, action.failed.v1 and action.compensated.v1: the
// three differ only in their `type`, so they are one class each extending this one.
import { IsInt, Min } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { IsNonEmptyString, IsOneOf, Optional } from '../../validation/decorators';

export abstract class ActionOutcomeV1 {
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  /** Which downstream system executed it, e.g. `erp`. */
  @IsNonEmptyString() adapter!: string;
  /** The downstream system's id for what it did, e.g. the purchase order number. */
  @Optional() @IsNonEmptyString() externalReference?: string;
  @Optional() @IsNonEmptyString() error?: string;
  @IsInt() @Min(1) attempts!: number;
}
