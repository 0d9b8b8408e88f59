// Governor end to end: every service as its own process, a small fixed scenario played through the
// public topics only, and outcomes checked through the public contract only (topics and HTTP).
import { readFileSync } from 'node:fs';
import { SERVICE_MALLOC_ENV, SERVICE_V8_FLAGS } from '@governor/cli';
import { ActionTypes, EventTypes, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { signedProposal, testAgentPublicKey, type TopicRecorder, uniqueName } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';

jest.setTimeout(240_000);

interface Task {
  taskId: string;
  actionId: string;
  status: string;
  requiredApprovers: number;
}

describe('Governor end to end (all services as processes, real Kafka and Postgres)', () => {
  let stack: GovernorStack;
  let approved: TopicRecorder;
  let decisions: TopicRecorder;
  let modes: TopicRecorder;
  let feeds: SteadyFeeds;
  const governance = () => stack.api.as('u-governance', ['governance']);
  const auditor = () => stack.api.as('u-auditor', ['auditor']);

  beforeAll(async () => {
    stack = await GovernorStack.start();
    [approved, decisions, modes] = await Promise.all([
      stack.record(Topics.ActionsApprovedV1),
      stack.record(Topics.DecisionsV1),
      stack.record(Topics.DomainModesV1),
    ]);
    await governance().call('policy-enforcement', 'PUT', '/agents/replenisher', {
      owner: 'u-alice',
      scope: [ActionTypes.CreatePurchaseOrder, ActionTypes.TransferStock],
      description: 'replenishment agent',
      publicKey: await testAgentPublicKey('replenisher'),
    });
    await governance().call('policy-enforcement', 'PUT', '/agents/deal-closer', {
      owner: 'u-bob',
      scope: [ActionTypes.ReprioritizeOrder],
      description: 'sales agent',
      publicKey: await testAgentPublicKey('deal-closer'),
    });
    // Clean procurement and inventory feeds, every second, as healthy source systems would send.
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    // Feed health reaches policy-enforcement within a few health intervals.
    await new Promise((r) => setTimeout(r, 4_000));
  });

  afterAll(async () => {
    await feeds?.stop();
    await stack?.stop();
  });

  /** A proposal signed with the agent's registered key, as every agent sends them. */
  function agentProposal(agentId: string, actionType: string, parameters: object, confidence: number): Promise<CloudEvent<unknown>> {
    const actionId = uniqueName('act');
    return signedProposal({
      ...exampleEvent(EventTypes.AgentActionProposedV1),
      id: uniqueName('proposal'),
      source: `urn:agent:${agentId}`,
      subject: actionId,
      time: new Date().toISOString(),
      data: { actionId, agentId, actionType, parameters, confidence, rationale: 'e2e', modelId: 'replenisher-llm', modelVersion: '1' },
    });
  }

  const purchaseOrder = (quantity: number, unitCost: number) => ({
    supplierId: 'SUP-001',
    sku: 'SKU-E2E',
    location: 'DC-EAST',
    quantity,
    unitCost,
    amount: quantity * unitCost,
    needBy: '2026-12-10',
  });

  const decisionOf = (actionId: string) =>
    decisions.waitFor((m) => (m.json as { subject: string }).subject === actionId, 30_000, `the decision on ${actionId}`);

  async function erpOrders(actionId: string): Promise<unknown[]> {
    const response = await fetch(`${stack.url('simulated-erp')}/purchase-orders?idempotencyKey=${actionId}`);
    const body = (await response.json()) as unknown[] | { items: unknown[] };
    return Array.isArray(body) ? body : body.items;
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stack.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  let smallOrderId = '';

  it('auto-approves a small confident purchase order, publishes it with its lineage, and the ERP gets it once', async () => {
    const proposal = await agentProposal('replenisher', ActionTypes.CreatePurchaseOrder, purchaseOrder(100, 12.5), 0.96);
    const actionId = (proposal.data as { actionId: string }).actionId;
    smallOrderId = actionId;
    await stack.publisher.publish(Topics.AgentsProposalsV1, proposal);

    const decision = (await decisionOf(actionId)).json as { data: { outcome: string; reasons: string[] } };
    expect(decision.data.outcome).toBe('auto-approved');
    expect(decision.data.reasons).toContain('high-risk.small-purchase-order-automatic');
    const published = (await approved.waitFor((m) => (m.json as { subject: string }).subject === actionId)).json as {
      data: { idempotencyKey: string; approval: { mode: string }; lineage: { agentId: string; sourceEvents: { id: string }[] } };
    };
    expect(published.data.approval.mode).toBe('automatic');
    expect(published.data.idempotencyKey).toBe(actionId);
    expect(published.data.lineage.agentId).toBe('replenisher');
    expect(published.data.lineage.sourceEvents.map((e) => e.id)).toContain(proposal.id);
    const orders = await eventually(async () => ((await erpOrders(actionId)).length > 0 ? erpOrders(actionId) : undefined), 30_000, 'the ERP order');
    expect(orders).toHaveLength(1);
  });

  it('puts a large purchase order in the approval queue, needing two people other than the agent owner', async () => {
    const proposal = await agentProposal('replenisher', ActionTypes.CreatePurchaseOrder, purchaseOrder(10_000, 15), 0.97);
    const actionId = (proposal.data as { actionId: string }).actionId;
    await stack.publisher.publish(Topics.AgentsProposalsV1, proposal);
    expect(((await decisionOf(actionId)).json as { data: { outcome: string } }).data.outcome).toBe('approval-required');

    const approver = (user: string) => stack.api.as(user, ['approver', 'planner']);
    const task = await eventually(
      async () => (await approver('u-carol').call<Task[]>('policy-enforcement', 'GET', `/approvals?status=pending&actionId=${encodeURIComponent(actionId)}`)).find((t) => t.actionId === actionId),
      20_000,
      'the approval task',
    );
    expect(task.requiredApprovers).toBe(2);

    await expect(approver('u-alice').call('policy-enforcement', 'POST', `/approvals/${task.taskId}/approve`, { comment: 'mine' })).rejects.toMatchObject({
      status: 403,
      code: 'separation-of-duties',
    });
    const afterFirst = await approver('u-carol').call<Task>('policy-enforcement', 'POST', `/approvals/${task.taskId}/approve`, { comment: 'ok' });
    expect(afterFirst.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(approved.messages.some((m) => (m.json as { subject: string }).subject === actionId)).toBe(false);

    await approver('u-dave').call('policy-enforcement', 'POST', `/approvals/${task.taskId}/approve`, { comment: 'ok too' });
    const published = (await approved.waitFor((m) => (m.json as { subject: string }).subject === actionId)).json as {
      data: { approval: { mode: string; approvers: string[] } };
    };
    expect(published.data.approval).toMatchObject({ mode: 'human', approvers: ['u-carol', 'u-dave'] });
    await eventually(async () => ((await erpOrders(actionId)).length === 1 ? true : undefined), 30_000, 'the approved order in the ERP');
  });

  it('rejects an agent proposal outside its registered scope', async () => {
    const proposal = await agentProposal('deal-closer', ActionTypes.ReleaseOrderHold, { orderId: 'SO-1', customerId: 'CUST-1', amount: 12_500 }, 0.99);
    const actionId = (proposal.data as { actionId: string }).actionId;
    await stack.publisher.publish(Topics.AgentsProposalsV1, proposal);
    const decision = (await decisionOf(actionId)).json as { data: { outcome: string; reasons: string[] } };
    expect(decision.data.outcome).toBe('rejected');
    expect(decision.data.reasons).toContain('guardrail.agent-out-of-scope');
  });

  it('keeps a domain automated when a source it never heard from sends one event and falls silent', async () => {
    const operator = stack.api.as('u-ops', ['operator']);
    const since = modes.messages.length;
    const stray = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('stray'), source: 'urn:wms:mistyped-dc', time: new Date().toISOString() };
    await stack.publisher.publish(Topics.SourceInventoryV1, stray);
    // Past its stale period (4 s) and a few health intervals of data-quality, resilience-monitor and the breaker.
    await new Promise((r) => setTimeout(r, 10_000));
    const inventory = await operator.call<{ mode: string; health: { staleFeeds: string[] } }>('circuit-breaker', 'GET', '/domains/inventory');
    expect(inventory).toMatchObject({ mode: 'automated', health: { staleFeeds: [] } });
    expect(modes.messages.slice(since).map((m) => (m.json as { data: { domain: string } }).data.domain)).not.toContain('inventory');
  });

  it('falls the inventory domain back when its feed goes silent, and brings it back through probation', async () => {
    const modeChanges = () =>
      modes.messages
        .map((m) => (m.json as { data: { domain: string; mode: string } }).data)
        .filter((d) => d.domain === 'inventory')
        .map((d) => d.mode);
    feeds.pause('inventory');
    await modes.waitFor((m) => (m.json as { data: { domain: string; mode: string } }).data.mode === 'manual-fallback' && (m.json as { data: { domain: string } }).data.domain === 'inventory', 40_000, 'inventory in manual-fallback');

    feeds.resume('inventory');
    await eventually(async () => (modeChanges().slice(-1)[0] === 'automated' ? true : undefined), 60_000, 'inventory back in automated');
    const sequence = modeChanges();
    expect(sequence.slice(sequence.indexOf('manual-fallback'))).toEqual(['manual-fallback', 'probation', 'automated']);
  });

  it("runs every service with Governor's V8 heap flags and malloc settings, as `npm start` does", () => {
    for (const [service, child] of stack.processes) {
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      const setting = (name: string) => environ.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);
      const started = { options: setting('NODE_OPTIONS'), arenas: setting('MALLOC_ARENA_MAX'), mmap: setting('MALLOC_MMAP_THRESHOLD_') };
      expect({ service, ...started }).toEqual({
        service,
        options: expect.stringContaining(SERVICE_V8_FLAGS.join(' ')),
        arenas: process.env.MALLOC_ARENA_MAX ?? SERVICE_MALLOC_ENV.MALLOC_ARENA_MAX,
        mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? SERVICE_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_,
      });
    }
  });

  it('verifies the audit chain and tells the whole lineage of the executed purchase order', async () => {
    const verify = await auditor().call<{ ok: boolean; entries: number }>('policy-enforcement', 'GET', '/audit/verify');
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThan(3);
    const lineage = await eventually(
      async () => {
        const l = await auditor().call<{ outcome: { type: string } | null }>('policy-enforcement', 'GET', `/lineage/${smallOrderId}`);
        return l.outcome ? l : undefined;
      },
      30_000,
      'the execution outcome in the lineage',
    );
    expect(lineage).toMatchObject({
      actionId: smallOrderId,
      actionType: ActionTypes.CreatePurchaseOrder,
      sourceEvents: [expect.objectContaining({ type: EventTypes.AgentActionProposedV1 })],
      dataQuality: { score: expect.any(Number), issues: expect.any(Array) },
      model: { id: 'replenisher-llm', version: '1', confidence: 0.96 },
      agentId: 'replenisher',
      decision: expect.objectContaining({ outcome: 'auto-approved', policyVersion: expect.any(String) }),
      outcome: expect.objectContaining({ type: EventTypes.ActionExecutedV1 }),
    });
  });

  // Last: the untrusted feed lowers procurement's data quality for the rest of the window.
  it('sends a purchase order built on untrusted data to a person, with the reason in its lineage', async () => {
    const operator = stack.api.as('u-ops', ['operator']);
    const terms = exampleEvent(EventTypes.ProcurementSupplierTermsUpdatedV1);
    // Registering the steady ERP feed governs the procurement topic: from now on any other source is untrusted.
    await operator.call('data-quality', 'PUT', `/sources/${encodeURIComponent(terms.source)}`, {
      owner: 'team:procurement',
      eventTypes: [EventTypes.ProcurementSupplierTermsUpdatedV1, EventTypes.ProcurementSupplierDeliveryRecordedV1],
    });
    const shadow = 'urn:erp:shadow-spreadsheet';
    await stack.publisher.publish(Topics.SourceProcurementV1, { ...terms, id: uniqueName('shadow'), source: shadow, time: new Date().toISOString() });
    await eventually(
      async () => {
        const metrics = await (await fetch(`${stack.url('data-quality')}/metrics`)).text();
        return /governor_data_quality_feed_trusted\{[^}]*feed="urn:erp:shadow-spreadsheet"[^}]*\} 0/.test(metrics) ? true : undefined;
      },
      30_000,
      'the shadow feed reported untrusted',
    );
    // A few health intervals for the report to reach policy-enforcement.
    await new Promise((r) => setTimeout(r, 3_000));

    // The same small, confident order that was automatic on trusted data.
    const proposal = await agentProposal('replenisher', ActionTypes.CreatePurchaseOrder, purchaseOrder(100, 12.5), 0.96);
    const actionId = (proposal.data as { actionId: string }).actionId;
    await stack.publisher.publish(Topics.AgentsProposalsV1, proposal);
    expect(((await decisionOf(actionId)).json as { data: { outcome: string } }).data.outcome).toBe('approval-required');
    const lineage = await auditor().call<{ dataQuality: { score: number; issues: string[] } }>('policy-enforcement', 'GET', `/lineage/${actionId}`);
    expect(lineage.dataQuality.score).toBeLessThanOrEqual(0.5);
    expect(lineage.dataQuality.issues).toContain(`untrusted feed ${shadow}|${Topics.SourceProcurementV1}`);
  });
});
