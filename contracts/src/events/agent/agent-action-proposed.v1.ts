// agent.action-proposed.v1: an AI agent asks for an action; policy decides what happens to it.
// Topic agents.proposals.v1, subject `ACTION_ID`. Published; never edit, add a .v2 beside it.
import { IsObject } from 'class-validator';
import { ACTION_TYPE_VALUES, type ActionType } from '../../actions/action-types';
import { IsNonEmptyString, IsOneOf, IsUnitInterval, Optional } from '../../validation/decorators';

export const AGENT_ACTION_PROPOSED_V1 = 'agent.action-proposed.v1';

export class ActionProposedV1 {
  @IsNonEmptyString() actionId!: string;
  @IsNonEmptyString() agentId!: string;
  @IsOneOf(ACTION_TYPE_VALUES) actionType!: ActionType;
  /**
   * Only checked to be an object here: validateActionParameters() checks it against the action
   * type, so that a malformed proposal can still be recorded and rejected by policy.
   */
  @IsObject() parameters!: Record<string, unknown>;
  @IsUnitInterval() confidence!: number;
  @IsNonEmptyString() rationale!: string;
  @Optional() @IsNonEmptyString() modelId?: string;
  @Optional() @IsNonEmptyString() modelVersion?: string;
}
