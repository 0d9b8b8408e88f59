// The adapter for advisory actions (`planning.notify-planner`): it tells planners through the
// configured sink (the service log, which operators route to their channel) and changes nothing
// in any system of record, so it has no inverse.
import { ActionTypes, type ActionType, type NotificationSeverity } from '@governor/contracts';
import { AdapterError, ApprovedAction, CompensationResult, ExecutionAdapter, ExecutionResult } from './adapter';
import { parametersOf } from './erp-playbooks';

export interface PlannerNotice {
  actionId: string;
  message: string;
  severity: NotificationSeverity;
}

export class PlannerNotificationAdapter implements ExecutionAdapter {
  constructor(
    readonly name: string,
    private readonly notify: (notice: PlannerNotice) => void,
  ) {}

  supports(actionType: ActionType): boolean {
    return actionType === ActionTypes.NotifyPlanner;
  }

  inverseOf(): string | null {
    return null;
  }

  async execute(action: ApprovedAction): Promise<ExecutionResult> {
    if (!this.supports(action.actionType)) {
      throw new AdapterError('unsupported-action-type', false, `${this.name} cannot carry out ${action.actionType}`);
    }
    const p = parametersOf(ActionTypes.NotifyPlanner, action.parameters);
    this.notify({ actionId: action.actionId, message: p.message, severity: p.severity });
    return { externalReference: `notice-${action.actionId}`, details: {} };
  }

  async compensate(): Promise<CompensationResult> {
    throw new AdapterError('not-compensable', false, 'a planner notification changes nothing and has no inverse');
  }
}
