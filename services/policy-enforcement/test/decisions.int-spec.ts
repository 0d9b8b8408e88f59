// policy-enforcement as a process on the real broker and Postgres: automatic approvals with their
// lineage, two-person approvals published only after the second person, separation of duties,
// agents outside their scope, and nothing automatic while a domain is in manual-fallback. Every
// approved action it published, automatic or human, is signed with a key of its JWKS.
import { createRemoteJWKSet } from 'jose';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { verifyDetached } from '@governor/signing';
import { testKafkaBrokers } from '@governor/testing';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

interface TaskView {
  taskId: string;
  actionId: string;
  status: string;
  requiredRole: string;
  requiredApprovers: number;
  reasons: string[];
  approvals: { approver: string }[];
  lineage: { agentId: string | null };
}

const governance = { id: 'gwen', roles: ['governance'] };
const auditor = { id: 'audrey', roles: ['auditor'] };
const planner = (id: string) => ({ id, roles: ['approver', 'planner'] });

describe('policy-enforcement decisions and approvals (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();

  beforeAll(() => pe.start(), 120_000);
  afterAll(() => pe.stop(), 60_000);

  async function taskFor(actionId: string): Promise<TaskView> {
    let task: TaskView | undefined;
    await pe.waitUntil(
      async () => {
        const answer = await pe.call(
          'GET',
          '/approvals?status=pending&domain=procurement',
          planner('lister'),
        );
        task = (answer.body as TaskView[]).find((t) => t.actionId === actionId);
        return task !== undefined;
      },
      20_000,
      `a task for ${actionId}`,
    );
    if (!task) throw new Error(`no task for ${actionId}`);
    return task;
  }

  it('auto-approves a small confident purchase order and publishes it on actions.approved.v1 with its lineage', async () => {
    const proposal = await pe.publishRiskProposal({
      parameters: { amount: 4800 },
      confidence: 0.93,
      dataQuality: 0.97,
    });
    const actionId = proposal.data.actionId;

    const decision = await pe.decision(actionId);
    expect(decision).toEqual({
      decisionId: expect.any(String),
      actionId,
      actionType: 'procurement.create-purchase-order',
      domain: 'procurement',
      outcome: 'auto-approved',
      // A model's order of 4,800 is both small and routine replenishment: both permits determine it.
      reasons: ['high-risk.routine-replenishment-automatic', 'high-risk.small-purchase-order-automatic'],
      policyVersion: '1',
      // 1.1: the version of every policy set; only the central one is active here.
      policyVersions: { central: '1' },
      domainMode: 'automated',
    });

    const approved = await pe.approved(actionId);
    expect(approved).toMatchObject({
      type: EventTypes.ActionApprovedV1,
      source: 'urn:governor:policy-enforcement',
      subject: actionId,
    });
    expect(approved.data).toEqual({
      actionId,
      actionType: 'procurement.create-purchase-order',
      domain: 'procurement',
      parameters: proposal.data.parameters,
      idempotencyKey: actionId,
      approval: { mode: 'automatic', approvers: [], decisionId: decision.decisionId, policyVersion: '1' },
      lineage: {
        // The published lineage names the source events; their times are the lineage API's.
        sourceEvents: proposal.data.sourceEvents.map(({ source, id, type }) => ({ source, id, type })),
        dataQuality: { score: 0.97, issues: [] },
        model: { id: 'stockout-gbm', version: '2025-02-15', confidence: 0.93 },
        agentId: null,
      },
    });

    // Execution reports back; lineage tells the whole story.
    const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'pe-test-outcomes' });
    const outcomes = new EventPublisher(kafka, { namespace: pe.namespace });
    await outcomes.connect();
    const executed = exampleEvent(EventTypes.ActionExecutedV1);
    executed.id = `exec-${actionId}`;
    executed.subject = actionId;
    executed.data = {
      actionId,
      actionType: 'procurement.create-purchase-order',
      adapter: 'erp',
      externalReference: 'PO-42',
      attempts: 1,
    };
    await outcomes.publish(Topics.ActionsOutcomesV1, executed);
    await outcomes.disconnect();

    let lineage: Record<string, unknown> = {};
    await pe.waitUntil(
      async () => {
        lineage = (await pe.call('GET', `/lineage/${actionId}`, auditor)).body as Record<string, unknown>;
        return lineage.outcome !== null && lineage.outcome !== undefined;
      },
      20_000,
      'the outcome in the lineage',
    );
    // Each source event with its time, and the model with the inputs the proposal was made from.
    const [source] = proposal.data.sourceEvents;
    expect(source.time).toEqual(expect.any(String));
    expect(lineage).toMatchObject({
      actionId,
      sourceEvents: [{ source: source.source, id: source.id, type: source.type, time: source.time }],
      dataQuality: { score: 0.97, issues: [] },
      model: {
        id: 'stockout-gbm',
        version: '2025-02-15',
        confidence: 0.93,
        inputs: { daysOfCover: 4, leadTimeDays: 7, supplierId: 'SUP-17', promotionActive: false },
        // The version's card in predictive-risk's model registry.
        card: { service: 'predictive-risk', path: '/models/stockout-gbm/versions/2025-02-15' },
      },
      decision: { decisionId: decision.decisionId, outcome: 'auto-approved', policyVersion: '1' },
      approvals: [],
      outcome: { type: 'action.executed.v1', adapter: 'erp', externalReference: 'PO-42', attempts: 1 },
    });
    expect((await pe.call('GET', `/lineage/${actionId}`, planner('p'))).status).toBe(403);
  });

  it('makes a purchase order over 100,000 wait for two different approvers and publishes it only after the second', async () => {
    const proposal = await pe.publishRiskProposal({
      parameters: { amount: 150_000 },
      confidence: 0.99,
      dataQuality: 0.99,
    });
    const actionId = proposal.data.actionId;
    expect(await pe.decision(actionId)).toMatchObject({
      outcome: 'approval-required',
      reasons: ['high-risk.large-purchase-order-two-approvers', 'high-risk.person-approves'],
    });
    const task = await taskFor(actionId);
    expect(task).toMatchObject({ status: 'pending', requiredRole: 'planner', requiredApprovers: 2 });

    const first = await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('ann'), {
      comment: 'ok',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', approvals: [{ approver: 'ann' }] });

    const again = await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('ann'), {});
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'separation-of-duties' } });
    const creditOnly = await pe.call(
      'POST',
      `/approvals/${task.taskId}/approve`,
      { id: 'carl', roles: ['approver', 'credit-controller'] },
      {},
    );
    expect(creditOnly.status).toBe(403);

    await pe.settle();
    expect(pe.approvedEvents(actionId)).toEqual([]);

    const second = await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('bob'), {
      comment: 'agreed',
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'approved' });
    const approved = await pe.approved(actionId);
    expect(approved.data.approval).toMatchObject({
      mode: 'human',
      approvers: ['ann', 'bob'],
      policyVersion: '1',
    });
    expect(await pe.resolved(actionId)).toMatchObject({
      outcome: 'approved',
      approvers: ['ann', 'bob'],
      rejectedBy: null,
    });
  });

  it('refuses the approval of the owner of the proposing agent, and of the agent itself, with 403 separation-of-duties', async () => {
    await pe.registerAgent(
      'replenisher',
      { owner: 'olga', scope: ['procurement.create-purchase-order'], description: 'replenishment agent' },
      governance,
    );
    const proposal = await pe.publishAgentProposal('replenisher', {
      actionType: 'procurement.create-purchase-order',
      parameters: { ...exampleEvent(EventTypes.AgentActionProposedV1).data.parameters, amount: 20_000 },
    });
    const actionId = proposal.data.actionId;
    expect(await pe.decision(actionId)).toMatchObject({
      outcome: 'approval-required',
      reasons: ['high-risk.person-approves'],
    });
    const task = await taskFor(actionId);
    expect(task.lineage.agentId).toBe('replenisher');

    for (const user of ['olga', 'replenisher']) {
      const refused = await pe.call('POST', `/approvals/${task.taskId}/approve`, planner(user), {});
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'separation-of-duties' } });
    }
    const rejected = await pe.call('POST', `/approvals/${task.taskId}/reject`, planner('pete'), {
      comment: 'not now',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectedBy: 'pete' });
    expect(await pe.resolved(actionId)).toMatchObject({ outcome: 'rejected', rejectedBy: 'pete' });
    expect((await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('quinn'), {})).status).toBe(
      409,
    );
    await pe.settle();
    expect(pe.approvedEvents(actionId)).toEqual([]);
  });

  it('rejects agent proposals outside the scope, from unregistered agents and with invalid parameters; judges agents on feed health', async () => {
    await pe.registerAgent('balancer', { owner: 'olga', scope: ['procurement.create-purchase-order'] }, governance);
    const outOfScope = await pe.publishAgentProposal('balancer', {
      actionType: 'inventory.transfer-stock',
      parameters: { sku: 'SKU-1', fromLocation: 'DC-WEST', toLocation: 'DC-EAST', quantity: 5, amount: 60 },
    });
    expect(await pe.decision(outOfScope.data.actionId)).toMatchObject({
      outcome: 'rejected',
      reasons: ['guardrail.agent-out-of-scope'],
    });

    // Signed, but with a key no registry entry holds: nothing an unregistered agent sends verifies.
    const stranger = await pe.publishAgentProposal('stranger');
    expect(await pe.decision(stranger.data.actionId)).toMatchObject({
      outcome: 'rejected',
      reasons: ['guardrail.agent-signature-required', 'guardrail.unregistered-agent'],
    });

    const malformed = await pe.publishAgentProposal('balancer', { parameters: { amount: 'lots' } });
    expect(await pe.decision(malformed.data.actionId)).toMatchObject({
      outcome: 'rejected',
      reasons: ['invalid-parameters'],
    });

    // In scope, small and confident, on procurement feeds scoring 0.96: automatic, with that score.
    await pe.publishFeedHealth('procurement', 'source.procurement.v1', 0.96);
    await pe.waitUntil(
      async () =>
        (await pe.sql(`SELECT 1 FROM $schema.feed_health WHERE domain = 'procurement'`)).length === 1,
    );
    const inScope = await pe.publishAgentProposal('balancer', { confidence: 0.95 });
    expect(await pe.decision(inScope.data.actionId)).toMatchObject({ outcome: 'auto-approved' });
    expect((await pe.approved(inScope.data.actionId)).data.lineage).toMatchObject({
      dataQuality: { score: 0.96 },
      agentId: 'balancer',
      sourceEvents: [{ source: 'urn:agent:balancer', id: inScope.id, type: 'agent.action-proposed.v1' }],
    });

    await pe.settle();
    for (const rejected of [outOfScope, stranger, malformed])
      expect(pe.approvedEvents(rejected.data.actionId)).toEqual([]);
  });

  it('turns an execution review request into a task and, once a person approves, publishes the action again as human', async () => {
    const review = exampleEvent(EventTypes.ReviewRequestedV1);
    const actionId = `act-review-${Date.now()}`;
    review.id = `review-${actionId}`;
    review.subject = actionId;
    review.data.actionId = actionId;
    review.data.approved = {
      ...review.data.approved,
      actionId,
      idempotencyKey: actionId,
      lineage: { ...review.data.approved.lineage, agentId: 'replenisher' },
    };
    await pe.publish(Topics.ReviewRequestsV1, review);
    const task = await taskFor(actionId);
    expect(task).toMatchObject({ requiredRole: 'planner', requiredApprovers: 1 });

    const owner = await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('olga'), {});
    expect(owner.body).toMatchObject({ error: { code: 'separation-of-duties' } });
    expect((await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('pat'), {})).status).toBe(200);
    const approved = await pe.approved(actionId);
    expect(approved.data).toMatchObject({
      actionId,
      idempotencyKey: actionId,
      approval: { mode: 'human', approvers: ['pat'], decisionId: review.data.approved.approval.decisionId },
      lineage: { agentId: 'replenisher' },
    });
  });

  it('approves nothing automatically while the domain is in manual-fallback', async () => {
    await pe.publishDomainMode('procurement', 'manual-fallback');
    await pe.waitUntil(
      async () =>
        (
          await pe.sql<{ mode: string }>(`SELECT mode FROM $schema.domain_modes WHERE domain = 'procurement'`)
        )[0]?.mode === 'manual-fallback',
      20_000,
      'the mode change',
    );
    const proposal = await pe.publishRiskProposal({
      parameters: { amount: 1000 },
      confidence: 0.99,
      dataQuality: 0.99,
    });
    expect(await pe.decision(proposal.data.actionId)).toMatchObject({
      outcome: 'approval-required',
      domainMode: 'manual-fallback',
      reasons: ['guardrail.no-automation-outside-automated-mode', 'high-risk.person-approves'],
    });
    await pe.settle();
    expect(pe.approvedEvents(proposal.data.actionId)).toEqual([]);
  });

  it('signs every approved action it published, automatic and human, with a key of the JWKS it serves without a token', async () => {
    const answer = await fetch(pe.url('/.well-known/jwks.json'));
    expect(answer.status).toBe(200);
    const jwks = (await answer.json()) as { keys: { kid: string; alg: string; kty: string; d?: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'OKP', alg: 'EdDSA', kid: expect.any(String) })]);
    expect(jwks.keys[0].d).toBeUndefined();
    expect(pe.output).toContain(`with key ${jwks.keys[0].kid}`);
    expect(pe.output).not.toMatch(/PRIVATE KEY/);

    const approved = pe.allApproved();
    expect(new Set(approved.map((e) => e.data.approval.mode))).toEqual(new Set(['automatic', 'human']));
    const keys = createRemoteJWKSet(new URL(pe.url('/.well-known/jwks.json')));
    for (const event of approved) {
      expect(await verifyDetached(event.signature, event.data, (_alg, header) => keys(header))).toEqual({ ok: true, kid: jwks.keys[0].kid });
    }
    // The signature covers the data: the same record with another quantity does not verify.
    const [first] = approved;
    const altered = { ...first.data, parameters: { ...first.data.parameters, quantity: 99_999 } };
    expect(await verifyDetached(first.signature, altered, (_alg, header) => keys(header))).toMatchObject({ ok: false, code: 'signature-mismatch' });
  });
});
