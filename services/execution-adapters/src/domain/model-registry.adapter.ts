// The adapter for model promotions (`planning.promote-model-version`): it carries out an approved
// promotion on predictive-risk's model registry, POST /models/{id}/versions/{v}/promote, with the
// approval (automatic or by whom, its decision and policy version) and the champion the version was
// validated against, so that the registry audits the promotion naming them and refuses it when that
// champion was replaced since. Executing it twice is harmless: a version that is already champion
// counts as done. A promotion has no inverse here: a person promotes the version before it again.
import { ActionTypes, type ActionType } from '@governor/contracts';
import { AdapterError, ApprovedAction, CompensationResult, ExecutionAdapter, ExecutionResult } from './adapter';
import { parametersOf } from './erp-playbooks';
import { ErpTransport } from './erp-transport';

const CHAMPION = 'champion';

export class ModelRegistryAdapter implements ExecutionAdapter {
  constructor(
    readonly name: string,
    private readonly registry: ErpTransport,
  ) {}

  supports(actionType: ActionType): boolean {
    return actionType === ActionTypes.PromoteModelVersion;
  }

  inverseOf(): string | null {
    return null;
  }

  async execute(action: ApprovedAction): Promise<ExecutionResult> {
    if (!this.supports(action.actionType)) {
      throw new AdapterError('unsupported-action-type', false, `${this.name} cannot carry out ${action.actionType}`);
    }
    const p = parametersOf(ActionTypes.PromoteModelVersion, action.parameters);
    const path = `/models/${encodeURIComponent(p.modelId)}/versions/${encodeURIComponent(p.version)}`;
    const approval = { actionId: action.actionId, ...action.approval, champion: p.champion };
    try {
      await this.registry.send({ method: 'POST', path: `${path}/promote`, body: { approval }, idempotencyKey: action.idempotencyKey });
    } catch (error) {
      // Promoted already (this action's earlier attempt, whose answer was lost, or a person): done.
      if (!(error instanceof AdapterError && error.code === 'http-409' && error.message.includes('already-champion'))) throw error;
      const version = (await this.registry.send({ method: 'GET', path })) as { status?: unknown } | undefined;
      if (version?.status !== CHAMPION) throw error;
    }
    return { externalReference: `${p.modelId}@${p.version}`, details: { replaced: p.champion } };
  }

  async compensate(): Promise<CompensationResult> {
    throw new AdapterError('not-compensable', false, 'a model promotion is undone by promoting the version before it again, by a person');
  }
}
