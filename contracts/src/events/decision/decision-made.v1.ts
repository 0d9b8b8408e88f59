// decision.made.v1: what policy decided about one proposed action, and which policies decided it.
// Topic governance.decisions.v1, subject `actionId`. Published; never edit, add a .v2 beside it.
import { IsArray, IsObject } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { DECISION_OUTCOME_VALUES, type DecisionOutcome } from '../../common/decisions';
import { DOMAIN_MODE_VALUES, DOMAIN_VALUES, type Domain, type DomainMode } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, Optional } from '../../validation/decorators';

export const DECISION_MADE_V1 = 'decision.made.v1';

export class DecisionMadeV1 {
  @IsNonEmptyString() decisionId!: string;
  @IsNonEmptyString() actionId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  @IsOneOf(DECISION_OUTCOME_VALUES) outcome!: DecisionOutcome;
  /** Ids of the policies that decided it; empty when nothing matched and the default applied. */
  @IsArray() @IsNonEmptyString({ each: true }) reasons!: string[];
  /** The central policy set's version (the whole policy before domain sets). */
  @IsNonEmptyString() policyVersion!: string;
  /**
   * 1.1: the version of every policy set it was decided under, `{ central: "3", procurement: "7" }`
   * (the central set and each domain set with an active version); absent from 1.0 producers.
   */
  @Optional() @IsObject() policyVersions?: Record<string, string>;
  /** The domain's mode when the decision was made. */
  @IsOneOf(DOMAIN_MODE_VALUES) domainMode!: DomainMode;
}
