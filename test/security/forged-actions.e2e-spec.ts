// Issue 20 item 3 against the real stack (processes, real Kafka and Postgres): approved actions put
// on actions.approved.v1 by anyone but policy-enforcement never reach the systems of record.
// Unsigned, signed with a key of the forger's own, signed with a key that claims policy-enforcement's
// kid, or genuinely signed and then changed: each is dead-lettered by execution-adapters with
// bad-signature and reported on internal.security-events.v1, and nothing reaches the simulated
// ERP, while a genuinely signed one executes.
import { createRemoteJWKSet } from 'jose';
import { ApprovalModes, EventTypes, Topics, type ContractEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { generateSigningKey, signDetached, verifyDetached } from '@governor/signing';
import { type TopicRecorder, uniqueName } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';

jest.setTimeout(180_000);

type Approved = ContractEvent<'action.approved.v1'>;

describe('forged approved actions (policy-enforcement, execution-adapters and the simulated ERP as processes)', () => {
  let stack: GovernorStack;
  let recorded: TopicRecorder;

  beforeAll(async () => {
    stack = await GovernorStack.start({ services: ['simulated-erp', 'policy-enforcement', 'execution-adapters'] });
    recorded = await stack.record(Topics.DeadLetterV1, Topics.SecurityEventsV1, Topics.ActionsOutcomesV1);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A human-approved purchase order of its own actionId (human: no domain mode needed to run it). */
  function approval(): Approved {
    const example = exampleEvent(EventTypes.ActionApprovedV1);
    const actionId = uniqueName('act-forged');
    return {
      ...example,
      id: uniqueName('approved'),
      subject: actionId,
      data: { ...example.data, actionId, idempotencyKey: actionId, approval: { ...example.data.approval, mode: ApprovalModes.Human, approvers: ['u-mallory'] } },
    };
  }

  const onTopic = (topic: string, actionId: string) =>
    recorded.messages.filter((m) => m.topic === stack.namespace + topic && (m.key === actionId || (m.json as { data?: { actionId?: string } }).data?.actionId === actionId));

  async function erpOrders(idempotencyKey: string): Promise<unknown[]> {
    const response = await fetch(`${stack.url('simulated-erp')}/purchase-orders?idempotencyKey=${encodeURIComponent(idempotencyKey)}`);
    const body = (await response.json()) as unknown[] | { items: unknown[] };
    return Array.isArray(body) ? body : body.items;
  }

  it('dead-letters and reports every forgery, none reaches the ERP, and the genuine action executes', async () => {
    const jwksUrl = new URL(`${stack.url('policy-enforcement')}/.well-known/jwks.json`);
    const jwks = (await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] };
    const policyKid = jwks.keys[0].kid;
    expect(policyKid).toBe(stack.signingKey.kid);
    const forger = await generateSigningKey();

    const unsigned = approval();
    const ownKey = approval();
    ownKey.signature = await signDetached(ownKey.data, forger);
    const claimedKid = approval();
    claimedKid.signature = await signDetached(claimedKid.data, { ...forger, kid: policyKid });
    const genuineThenChanged = await stack.signApproved(approval());
    const changed: Approved = { ...genuineThenChanged, data: { ...genuineThenChanged.data, parameters: { ...genuineThenChanged.data.parameters, quantity: 90_000 } } };
    const genuine = await stack.signApproved(approval());

    const forgeries = [
      { forged: unsigned, reason: 'unsigned' },
      { forged: ownKey, reason: 'unknown-key' },
      { forged: claimedKid, reason: 'signature-mismatch' },
      { forged: changed, reason: 'signature-mismatch' },
    ];
    for (const { forged } of forgeries) await stack.publisher.publish(Topics.ActionsApprovedV1, forged);
    await stack.publisher.publish(Topics.ActionsApprovedV1, genuine);

    // The genuine one, signed as policy-enforcement signs, verifies against its JWKS and executes.
    const keys = createRemoteJWKSet(jwksUrl);
    expect(await verifyDetached(genuine.signature, genuine.data, (_alg, header) => keys(header))).toMatchObject({ ok: true, kid: policyKid });
    await recorded
      .waitFor((m) => m.topic === stack.namespace + Topics.ActionsOutcomesV1 && (m.json as Approved).subject === genuine.data.actionId, 60_000, `the execution of ${genuine.data.actionId}`)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${stack.output()}`);
      });
    expect(await erpOrders(genuine.data.idempotencyKey)).toHaveLength(1);

    for (const { forged, reason } of forgeries) {
      const actionId = forged.data.actionId;
      const letter = await recorded.waitFor(
        (m) => m.topic === stack.namespace + Topics.DeadLetterV1 && m.key === actionId,
        30_000,
        `the dead letter of ${actionId}`,
      );
      expect((letter.json as ContractEvent<'dead-letter.v1'>).data).toMatchObject({
        topic: Topics.ActionsApprovedV1,
        stage: 'execution-adapters',
        errorCode: 'bad-signature',
        error: expect.stringMatching(new RegExp(`^${reason}: `)),
      });
      const reported = await recorded.waitFor(
        (m) => m.topic === stack.namespace + Topics.SecurityEventsV1 && (m.json as { data: { actionId: string } }).data.actionId === actionId,
        30_000,
        `the security event about ${actionId}`,
      );
      expect((reported.json as ContractEvent<'security.violation-recorded.v1'>).data).toMatchObject({
        service: 'execution-adapters',
        kind: 'bad-signature',
        code: reason,
        actionId,
      });
    }
    // Time for anything wrong to happen, then: no order, no outcome for any forgery.
    await new Promise((r) => setTimeout(r, 2_000));
    for (const { forged } of forgeries) {
      expect(await erpOrders(forged.data.idempotencyKey)).toEqual([]);
      expect(onTopic(Topics.ActionsOutcomesV1, forged.data.actionId)).toEqual([]);
    }
  });
});
