// Agent identity on the bus (docs/contract.md section 7), against the whole stack as processes: an
// agent's proposal counts only when it is signed with the key of the agent it names. A proposal
// without a signature, or signed with any other key (someone on the bus posing as a registered
// agent), is rejected by the default bundle's guardrail and never reaches execution; one signed with
// the registered key is decided on its merits.
import { ActionTypes, EventTypes, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { generateSigningKey } from '@governor/signing';
import { signedProposal, testAgentPublicKey, type TopicRecorder, uniqueName } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';

jest.setTimeout(240_000);

const AGENT = 'sec-replenisher';
const GUARDRAIL = 'guardrail.agent-signature-required';

interface Decision {
  subject: string;
  data: { outcome: string; reasons: string[] };
}

describe('agent signatures (all services as processes, real Kafka and Postgres)', () => {
  let stack: GovernorStack;
  let decisions: TopicRecorder;
  let approved: TopicRecorder;
  let feeds: SteadyFeeds;

  beforeAll(async () => {
    stack = await GovernorStack.start();
    [decisions, approved] = await Promise.all([stack.record(Topics.DecisionsV1), stack.record(Topics.ActionsApprovedV1)]);
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${AGENT}`, {
      owner: 'u-alice',
      scope: [ActionTypes.CreatePurchaseOrder],
      description: 'security suite',
      publicKey: await testAgentPublicKey(AGENT),
    });
    // Healthy procurement feeds, so that a small, confident, properly signed order runs at once.
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    await new Promise((r) => setTimeout(r, 4_000));
  });

  afterAll(async () => {
    await feeds?.stop();
    await stack?.stop();
  });

  function smallPurchaseOrder(): CloudEvent<{ actionId: string; [field: string]: unknown }> {
    const actionId = uniqueName('act');
    return {
      ...exampleEvent(EventTypes.AgentActionProposedV1),
      id: uniqueName('proposal'),
      source: `urn:agent:${AGENT}`,
      subject: actionId,
      time: new Date().toISOString(),
      data: {
        actionId,
        agentId: AGENT,
        actionType: ActionTypes.CreatePurchaseOrder,
        parameters: { supplierId: 'SUP-001', sku: 'SKU-SEC', location: 'DC-EAST', quantity: 100, unitCost: 12.5, amount: 1_250, needBy: '2026-12-10' },
        confidence: 0.96,
        rationale: 'security suite',
      },
    };
  }

  const decisionOf = async (actionId: string) =>
    (await decisions.waitFor((m) => (m.json as Decision).subject === actionId, 30_000, `the decision on ${actionId}`)).json as Decision;

  it('rejects an unsigned proposal and one signed with another key by the guardrail, and decides a properly signed one on its merits', async () => {
    const unsigned = smallPurchaseOrder();
    const forged = await signedProposal(smallPurchaseOrder(), await generateSigningKey());
    const signed = await signedProposal(smallPurchaseOrder());
    for (const event of [unsigned, forged, signed]) await stack.publisher.publish(Topics.AgentsProposalsV1, event);

    for (const event of [unsigned, forged]) {
      const decision = await decisionOf(event.data.actionId);
      expect(decision.data.outcome).toBe('rejected');
      expect(decision.data.reasons).toContain(GUARDRAIL);
    }
    const decision = await decisionOf(signed.data.actionId);
    expect(decision.data.reasons).not.toContain(GUARDRAIL);
    expect(decision.data.outcome).toBe('auto-approved');
    await approved.waitFor((m) => (m.json as Decision).subject === signed.data.actionId, 30_000, 'the signed proposal approved');

    // Nothing of the rejected ones reached actions.approved.v1.
    for (const event of [unsigned, forged]) {
      expect(approved.messages.some((m) => (m.json as Decision).subject === event.data.actionId)).toBe(false);
    }
  });
});
