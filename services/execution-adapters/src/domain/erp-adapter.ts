// The adapter for one ERP/WMS-style REST target: it validates the action's parameters, runs the
// action type's playbook over the target's transport and, on request, the playbook's inverse.
import { type ActionType } from '@governor/contracts';
import {
  AdapterError,
  ApprovedAction,
  CompensationResult,
  CompletedExecution,
  ExecuteOptions,
  ExecutionAdapter,
  ExecutionResult,
} from './adapter';
import { ERP_PLAYBOOKS, ErpPlaybook, parametersOf } from './erp-playbooks';
import { ErpTransport } from './erp-transport';

export class ErpAdapter implements ExecutionAdapter {
  constructor(
    readonly name: string,
    private readonly transport: ErpTransport,
  ) {}

  supports(actionType: ActionType): boolean {
    return playbookOf(actionType) !== undefined;
  }

  inverseOf(actionType: ActionType): string | null {
    return playbookOf(actionType)?.inverse ?? null;
  }

  async execute(action: ApprovedAction, options: ExecuteOptions): Promise<ExecutionResult> {
    const playbook = this.playbook(action.actionType);
    return playbook.execute(this.transport, action, parametersOf(action.actionType, action.parameters), options);
  }

  async compensate(execution: CompletedExecution): Promise<CompensationResult> {
    return this.playbook(execution.actionType).compensate(this.transport, execution);
  }

  private playbook(actionType: ActionType): ErpPlaybook {
    const playbook = playbookOf(actionType);
    if (!playbook) throw new AdapterError('unsupported-action-type', false, `${this.name} cannot carry out ${actionType}`);
    return playbook;
  }
}

function playbookOf(actionType: ActionType): ErpPlaybook | undefined {
  // The map is keyed by action type; the cast widens one entry's parameter type to the union.
  return (ERP_PLAYBOOKS as Partial<Record<ActionType, ErpPlaybook>>)[actionType];
}
