// Issue 8 scenarios 1, 2, 3, 6, 7 and 8 against the whole of Governor as processes, one stack for
// the file, a stream of source events and auto-approvable purchase orders running through each
// fault: every service SIGKILLed in turn and restarted; the test crash points (after the handler's
// commit and before the offset commit, after the relay's publish and before the row is marked sent,
// after the ERP answered and after the outcome commit); a second instance started and stopped
// mid-stream; the ERP slower than the consumer session; the same source events and proposals
// published twice and consumer groups reset to the earliest offset. After each, the whole history
// is checked (support/fault-history.ts): nothing lost, nothing executed twice.
import { Admin } from 'kafkajs';
import { ActionTypes, DomainModes, SOURCE_DOMAIN_VALUES, SOURCE_TOPIC_VALUES, Topics } from '@governor/contracts';
import { testAgentPublicKey } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';
import { EventStream, smallPurchaseOrder, sourceEvent } from './support/event-stream';
import { eventually, FaultHistory, metricValue } from './support/fault-history';
import { isolatedGroups, restartThroughCrash, secondInstance, sleep, startService, startStack, waitCaughtUp } from './support/fault-stack';

jest.setTimeout(300_000);

const AGENT = 'fault-replenisher';

describe('crashes, rebalances, slow targets and replays (all services as processes)', () => {
  let stack: GovernorStack;
  let history: FaultHistory;
  let feeds: SteadyFeeds;
  let stream: EventStream;
  let admin: Admin;
  const groups = isolatedGroups();

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...groups.env,
        // A short ERP timeout lets the session and the lease be short, so a killed instance's
        // partitions and abandoned attempts come back in seconds.
        EXECUTION_ADAPTERS_ERP_TIMEOUT_MS: '1000',
        EXECUTION_ADAPTERS_SESSION_TIMEOUT_MS: '10000',
        EXECUTION_ADAPTERS_LEASE_MS: '6000',
      },
    }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
    admin = stack.kafka.admin();
    await admin.connect();
    const governance = stack.api.as('u-governance', ['governance']);
    await governance.call('policy-enforcement', 'PUT', `/agents/${AGENT}`, { owner: 'u-alice', scope: [ActionTypes.CreatePurchaseOrder], description: 'fault suite', publicKey: await testAgentPublicKey(AGENT) });
    // Every domain forced to automated: a crash of data-quality must not trip a breaker here, so
    // that each auto-approvable proposal is expected to execute exactly once.
    const operator = stack.api.as('u-operator', ['operator']);
    for (const domain of SOURCE_DOMAIN_VALUES) {
      await operator.call('circuit-breaker', 'POST', `/domains/${domain}/override`, { mode: DomainModes.Automated, reason: 'fault suite' });
    }
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    stream = new EventStream(history, AGENT);
    await sleep(4_000);
  });

  afterAll(async () => {
    await stream?.stop();
    await feeds?.stop();
    await admin?.disconnect();
    await history?.stop();
    await stack?.stop();
  });

  /** The check after every scenario, and proof that the scenario exercised executions at all. */
  async function verifyHistory(executedBefore = history.mustExecute.size): Promise<void> {
    await history.settleAndVerify(150_000);
    // Some of the stream's proposals were approved automatically (else nothing was executed).
    const outcomes = [...history.decisionOutcomes().values()].reduce<Record<string, number>>((n, o) => ({ ...n, [o]: (n[o] ?? 0) + 1 }), {});
    expect({ executed: history.mustExecute.size > executedBefore, outcomes }).toMatchObject({ executed: true });
    expect(stream.failures).toBe(0);
  }

  it('baseline: the stream goes through, auto-approved purchase orders execute once', async () => {
    await stream.around(() => sleep(3_000));
    await verifyHistory();
  });

  it('1. SIGKILLs each service in turn mid-stream and restarts it: nothing lost, nothing executed twice', async () => {
    const order = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'resilience-monitor', 'circuit-breaker', 'simulated-erp'] as const;
    await stream.around(async () => {
      const restarts: Promise<unknown>[] = [];
      for (const service of order) {
        await stack.stopService(service, 'SIGKILL');
        restarts.push(startService(stack, service));
        await sleep(1_500);
      }
      await Promise.all(restarts);
    });
    await verifyHistory();
  });

  it('2 and 3. crash points: after the handler commit (before the offset commit), after the relay publish (before marked sent), after the ERP answer and after the outcome commit', async () => {
    const outputs = await stream.around(() =>
      Promise.all([
        restartThroughCrash(stack, 'data-quality', { GOVERNOR_TEST_CRASH_POINT: 'after-handler-commit' }),
        restartThroughCrash(stack, 'predictive-risk', { GOVERNOR_TEST_CRASH_POINT: 'after-handler-commit' }),
        restartThroughCrash(stack, 'policy-enforcement', { GOVERNOR_TEST_CRASH_POINT: 'after-relay-publish' }),
        restartThroughCrash(stack, 'execution-adapters', { EXECUTION_ADAPTERS_TEST_CRASH_POINT: 'after-erp-response' }),
        restartThroughCrash(stack, 'circuit-breaker', { GOVERNOR_TEST_CRASH_POINT: 'after-handler-commit' }),
      ]),
    );
    for (const output of outputs) expect(output).toMatch(/crash point [a-z-]+ reached: SIGKILL/);
    await verifyHistory();

    const second = await stream.around(() =>
      Promise.all([
        restartThroughCrash(stack, 'data-quality', { GOVERNOR_TEST_CRASH_POINT: 'after-relay-publish' }),
        restartThroughCrash(stack, 'policy-enforcement', { GOVERNOR_TEST_CRASH_POINT: 'after-handler-commit' }),
        restartThroughCrash(stack, 'execution-adapters', { EXECUTION_ADAPTERS_TEST_CRASH_POINT: 'after-outcome-commit' }),
      ]),
    );
    for (const output of second) expect(output).toMatch(/crash point [a-z-]+ reached: SIGKILL/);
    await verifyHistory();
  });

  it('6. a second instance of data-quality, policy-enforcement and execution-adapters started mid-stream, then stopped', async () => {
    await stream.around(async () => {
      const seconds = await Promise.all([secondInstance(stack, 'data-quality'), secondInstance(stack, 'policy-enforcement'), secondInstance(stack, 'execution-adapters')]);
      await sleep(4_000);
      await Promise.all(seconds.map((p) => p.stop()));
    });
    await verifyHistory();
  });

  it('7. the ERP slower than the consumer session timeout: no rebalance loop, no double execution', async () => {
    const eaGroup = groups.groupOf('execution-adapters');
    // After scenario 6 the group may still be rebalancing: start from one stable member.
    const membersBefore = await eventually(
      async () => {
        const group = (await admin.describeGroups([eaGroup])).groups[0];
        return group.state === 'Stable' && group.members.length === 1 ? group.members.map((m) => m.memberId) : undefined;
      },
      60_000,
      'execution-adapters group stable with one member',
      stack,
    );
    expect(membersBefore).toHaveLength(1);
    // Each of the next three purchase orders takes 12 s in the ERP; the session is 10 s.
    const erp = await fetch(`${stack.url('simulated-erp')}/_control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /purchase-orders', delayMs: 12_000, delayNext: 3 }),
    });
    expect(erp.status).toBe(201);
    const slow = [smallPurchaseOrder(AGENT), smallPurchaseOrder(AGENT), smallPurchaseOrder(AGENT)];
    const executedBefore = history.mustExecute.size;
    await history.publishProposals(slow, 'execute');
    await sleep(15_000);
    await verifyHistory(executedBefore);
    // The same member all along: the consumer was never thrown out of its group.
    const after = (await admin.describeGroups([eaGroup])).groups[0];
    expect({ state: after.state, members: after.members.map((m) => m.memberId) }).toEqual({ state: 'Stable', members: membersBefore });
  });

  it('8. the same source events and proposals published twice, then consumer groups reset to the earliest offset: no new actions', async () => {
    const events = SOURCE_TOPIC_VALUES.map((topic) => sourceEvent(topicType(topic)));
    const proposals = [smallPurchaseOrder(AGENT), smallPurchaseOrder(AGENT)];
    const executedBefore = history.mustExecute.size;
    await history.publishSource(events);
    await history.publishSource(events);
    await history.publishProposals(proposals, 'execute');
    await history.publishProposals(proposals, 'execute');
    await verifyHistory(executedBefore);
    expect(history.mustExecute.size).toBe(executedBefore + 2);

    const snapshot = async () => ({
      decisions: count(history.distinctBySubject(history.recorded.decisions)),
      approved: count(history.distinctBySubject(history.recorded.approved)),
      outcomes: count(history.distinctBySubject(history.recorded.outcomes)),
      erp: (await history.erpPurchaseOrders()).length,
      deadLetters: history.recorded.deadLetters.messages.length,
    });
    // Healthy feeds paused meanwhile, so that nothing new can be proposed while the replay is compared.
    feeds.pause('inventory');
    feeds.pause('procurement');
    await sleep(3_000);
    const before = await snapshot();
    const replayed = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters'] as const;
    await Promise.all(replayed.map((s) => stack.stopService(s)));
    // The topics each group had committed on, taken before the reset: a group reset to the earliest
    // offset lists none until it commits again.
    const topicsOf = new Map<string, string[]>();
    for (const service of replayed) {
      const group = groups.groupOf(service);
      const topics = (await admin.fetchOffsets({ groupId: group })).map((t) => t.topic).filter((t) => t.startsWith(stack.namespace));
      expect(topics.length).toBeGreaterThan(0);
      topicsOf.set(service, topics);
      for (const topic of topics) await admin.resetOffsets({ groupId: group, topic, earliest: true });
    }
    await Promise.all(replayed.map((s) => startService(stack, s)));
    for (const service of replayed) await waitCaughtUp(admin, groups.groupOf(service), topicsOf.get(service) ?? []);
    // Everything was seen again and recognised: data-quality dropped every repeat.
    expect(await metricValue(stack, 'data-quality', 'governor_consumer_records_total', { outcome: 'duplicate' })).toBeGreaterThanOrEqual(history.sourceEvents.size);
    await sleep(3_000);
    expect(await snapshot()).toEqual(before);
    feeds.resume('inventory');
    feeds.resume('procurement');
    await history.verify();
  });

  it('every service is still up and ready at the end', async () => {
    for (const service of stack.processes.keys()) await stack.waitReady(service, undefined, 10_000);
    await eventually(async () => ((await metricValue(stack, 'execution-adapters', 'governor_consumer_records_total', { outcome: 'dead-lettered' })) === 0 ? true : undefined), 5_000, 'no dead letters in execution', stack);
  });
});

function count(map: Map<string, Set<string>>): number {
  return [...map.values()].reduce((n, ids) => n + ids.size, 0);
}

function topicType(topic: string) {
  const types = {
    [Topics.SourceInventoryV1]: 'inventory.level-reported.v1',
    [Topics.SourceOrdersV1]: 'orders.sales-order-placed.v1',
    [Topics.SourceProcurementV1]: 'procurement.supplier-terms-updated.v1',
    [Topics.SourceCreditV1]: 'credit.customer-exposure-updated.v1',
  } as const;
  return types[topic as keyof typeof types];
}
