// action.executed.v1: the downstream system did it.
// Topic actions.outcomes.v1, subject `actionId`. Published; never edit, add a .v2 beside it.
import { ActionOutcomeV1 } from './action-outcome.v1';

export const ACTION_EXECUTED_V1 = 'action.executed.v1';

export class ActionExecutedV1 extends ActionOutcomeV1 {}
