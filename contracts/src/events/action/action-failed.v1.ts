// action.failed.v1: it could not be done; `error` says why.
// Topic actions.outcomes.v1, subject `actionId`. Published; never edit, add a .v2 beside it.
import { ActionOutcomeV1 } from './action-outcome.v1';

export const ACTION_FAILED_V1 = 'action.failed.v1';

export class ActionFailedV1 extends ActionOutcomeV1 {}
