// action.compensated.v1: an executed action was undone.
// Topic actions.outcomes.v1, subject `actionId`. Published; never edit, add a .v2 beside it.
import { ActionOutcomeV1 } from './action-outcome.v1';

export const ACTION_COMPENSATED_V1 = 'action.compensated.v1';

export class ActionCompensatedV1 extends ActionOutcomeV1 {}
