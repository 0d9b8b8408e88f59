import { ActionTypes, ApprovalModes, EventTypes } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { AdapterError, ApprovedAction } from './adapter';
import { ModelRegistryAdapter } from './model-registry.adapter';
import { ErpCall, ErpTransport } from './erp-transport';

/** A scripted model registry: answers each call by method and path. */
class FakeRegistry implements ErpTransport {
  readonly calls: ErpCall[] = [];
  constructor(private readonly answer: (call: ErpCall) => unknown) {}
  async send(call: ErpCall): Promise<unknown> {
    this.calls.push(call);
    const result = this.answer(call);
    if (result instanceof Error) throw result;
    return result;
  }
}

const promotion = {
  modelId: 'demand-sensing',
  version: '2.0.0+5b0e3a1c',
  champion: '2.0.0+3f2a9c1e',
  modelRiskTier: 'low',
  beatsChampion: true,
  backtestWapeDelta: -0.08,
  shadowWapeDelta: -0.06,
};
const PATH = '/models/demand-sensing/versions/2.0.0%2B5b0e3a1c';

function approved(): ApprovedAction {
  const data = exampleEvent(EventTypes.ActionApprovedV1).data;
  return {
    ...data,
    actionId: 'act-9',
    idempotencyKey: 'key-9',
    actionType: ActionTypes.PromoteModelVersion,
    domain: 'planning',
    parameters: promotion,
    approval: { mode: ApprovalModes.Human, approvers: ['u-gwen'], decisionId: 'dec-9', policyVersion: '3' },
  };
}

const conflict = (code: string) => new AdapterError('http-409', false, `model-registry answered 409 to POST ${PATH}/promote: ${code}: no`);

describe('ModelRegistryAdapter', () => {
  it("promotes the version with the approval and the champion it was validated against, under the action's key", async () => {
    const registry = new FakeRegistry(() => ({ status: 'champion' }));
    const result = await new ModelRegistryAdapter('model-registry', registry).execute(approved());
    expect(result).toEqual({ externalReference: 'demand-sensing@2.0.0+5b0e3a1c', details: { replaced: '2.0.0+3f2a9c1e' } });
    expect(registry.calls).toEqual([
      {
        method: 'POST',
        path: `${PATH}/promote`,
        idempotencyKey: 'key-9',
        body: {
          approval: { actionId: 'act-9', mode: 'human', approvers: ['u-gwen'], decisionId: 'dec-9', policyVersion: '3', champion: '2.0.0+3f2a9c1e' },
        },
      },
    ]);
  });

  it('counts a version that is champion already as done: executing twice is harmless', async () => {
    const registry = new FakeRegistry((c) => (c.method === 'POST' ? conflict('already-champion') : { status: 'champion' }));
    await expect(new ModelRegistryAdapter('model-registry', registry).execute(approved())).resolves.toMatchObject({
      externalReference: 'demand-sensing@2.0.0+5b0e3a1c',
    });
    expect(registry.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST ${PATH}/promote`, `GET ${PATH}`]);
  });

  it('fails for good when the champion changed or the version did worse, and has no inverse', async () => {
    const adapter = new ModelRegistryAdapter('model-registry', new FakeRegistry(() => conflict('champion-changed')));
    await expect(adapter.execute(approved())).rejects.toMatchObject({ code: 'http-409', retriable: false });
    await expect(adapter.compensate()).rejects.toMatchObject({ code: 'not-compensable' });
    expect(adapter.supports(ActionTypes.PromoteModelVersion)).toBe(true);
    expect(adapter.supports(ActionTypes.CreatePurchaseOrder)).toBe(false);
  });
});
