// The scorecard's outcomes through resilience-monitor as a process, against real Kafka and Postgres
// (fresh namespace and schema): the test plays data-quality (scored orders, shipments and demand),
// predictive-risk (a proposal carrying a demand forecast), policy-enforcement (decisions in and
// out of fallback, approval results) and execution-adapters (an execution that needed retries, an
// automatic approval held for review),
// then checks the figures GET /scorecard computes from them against figures worked out by hand.
import { ActionTypes, EventTypes, Topics, type CloudEvent, type DeadLetterV1, type DecisionOutcome, type DomainMode, type EventType } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { createTopicNamespace, NodeProcess, TopicRecorder, uniqueSchema } from '@governor/testing';
import { api, commonEnv, deleteNamespace, dropSchemas, freePort, servicePath, sleep, startService } from './harness';

interface Mix {
  autoApproved: number;
  approvalRequired: number;
  rejected: number;
  automatedShare: number | null;
}
interface Figures {
  exceptionResolution: { resolved: number; open: number; retried: number; meanSeconds: number | null };
  fillRate: { orders: number; filled: number; rate: number | null } | null;
  orderCycleTimeSeconds: { count: number; p50: number | null; p95: number | null } | null;
  forecastAccuracy: { modelId: string; modelVersion: string; pairs: number; wape: number | null; bias: number | null; relativeBias: number | null }[];
  userAdoption: { actedOn: number; expired: number; rate: number | null };
  policyViolations: { total: number; byPolicy: Record<string, number> };
  automationMix: { outsideFallback: Mix; inFallback: Mix };
  fallbackReliability: { held: number; heldAtExecution: number; slipped: number } | null;
}
interface Scorecard {
  overall: Figures;
  domains: Record<string, Figures>;
}

const AUDITOR = { id: 'aud-7', roles: ['auditor'] };

jest.setTimeout(60_000);

describe('resilience-monitor scorecard outcomes (a process, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: commonEnv('').KAFKA_BROKERS.split(','), clientId: 'scorecard-outcomes-test' });
  const admin = kafka.admin();
  const schema = uniqueSchema('rmo');
  const port = freePort();
  const start = Date.now();
  const ago = (minutes: number) => new Date(start - minutes * 60_000).toISOString();
  let namespace: string;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  let monitor: NodeProcess | undefined;

  /** A source event as data-quality passes it on, scored. */
  function scored(type: EventType, id: string, time: string, data: Record<string, unknown>) {
    const wrapper = exampleEvent(EventTypes.QualityEventScoredV1);
    const original = exampleEvent(type);
    const sourceTopic = type === EventTypes.InventoryDemandRecordedV1 ? Topics.SourceInventoryV1 : Topics.SourceOrdersV1;
    const event = { ...original, id, time, data: { ...original.data, ...data } };
    return {
      topic: Topics.QualityScoredV1,
      event: { ...wrapper, id: `scored-${id}`, data: { ...wrapper.data, sourceTopic, domain: sourceTopic === Topics.SourceOrdersV1 ? 'orders' : 'inventory', event } },
    };
  }
  const order = (orderId: string, at: string) => scored(EventTypes.OrdersSalesOrderPlacedV1, `evt-${orderId}`, at, { orderId });
  const shipment = (orderId: string, status: string, at: string) =>
    scored(EventTypes.OrdersShipmentStatusReportedV1, `evt-${orderId}-${status}`, at, { orderId, shipmentId: `SH-${orderId}`, status });
  const demand = (id: string, quantity: number, at: string) =>
    scored(EventTypes.InventoryDemandRecordedV1, id, at, { sku: 'SKU-1', location: 'DC-1', date: at.slice(0, 10), quantity });

  function decision(actionId: string, outcome: DecisionOutcome, domainMode: DomainMode, at: string, reasons: string[] = ['some-policy']) {
    const e = exampleEvent(EventTypes.DecisionMadeV1);
    return {
      topic: Topics.DecisionsV1,
      event: { ...e, id: `evt-dec-${actionId}`, subject: actionId, time: at, data: { ...e.data, decisionId: `dec-${actionId}`, actionId, outcome, domainMode, reasons } },
    };
  }

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'rmo');
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    recorder = await TopicRecorder.start(kafka, [namespace + Topics.DeadLetterV1]);
    monitor = await startService(
      servicePath('resilience-monitor'),
      {
        ...commonEnv(namespace),
        PORT_RESILIENCE_MONITOR: String(port),
        RESILIENCE_MONITOR_DB_SCHEMA: schema,
        RESILIENCE_MONITOR_GROUP_ID: `${namespace}resilience-monitor`,
      },
      port,
    );
  }, 90_000);

  afterAll(async () => {
    await monitor?.stop();
    await recorder?.stop();
    await publisher?.disconnect();
    await dropSchemas(schema);
    if (namespace) await deleteNamespace(admin, namespace);
    await admin.disconnect();
  });

  it('computes the outcomes of what the other services published, and dead-letters a scored event that is not valid', async () => {
    const proposal = exampleEvent(EventTypes.RiskActionProposedV1);
    const approval = exampleEvent(EventTypes.ApprovalResolvedV1);
    const executed = exampleEvent(EventTypes.ActionExecutedV1);
    const review = exampleEvent(EventTypes.ReviewRequestedV1);
    const resolved = (actionId: string, outcome: 'approved' | 'expired', requestedAt: string, resolvedAt: string) => ({
      topic: Topics.ApprovalsV1,
      event: { ...approval, id: `evt-task-${actionId}`, subject: actionId, data: { ...approval.data, taskId: `task-${actionId}`, actionId, outcome, requestedAt, resolvedAt } },
    });
    await publisher.publishAll([
      // Orders: SO-1 picked and dispatched after 5 minutes, SO-2 only delayed, SO-3 dispatched after 2.
      order('SO-1', ago(30)),
      order('SO-1', ago(30)), // redelivered: counted once
      shipment('SO-1', 'picked', ago(29)),
      shipment('SO-1', 'dispatched', ago(25)),
      order('SO-2', ago(20)),
      shipment('SO-2', 'delayed', ago(19)),
      order('SO-3', ago(10)),
      shipment('SO-3', 'dispatched', ago(8)),
      // An order with no lines: data-quality would never pass it on.
      scored(EventTypes.OrdersSalesOrderPlacedV1, 'evt-bad-order', ago(9), { orderId: 'SO-9', lines: [] }),
      // A forecast of 10 a day for SKU-1@DC-1, then two days' worth of actuals recorded later: 8 and 12.
      {
        topic: Topics.ActionsProposedV1,
        event: {
          ...proposal,
          id: 'evt-prop-f1',
          data: {
            ...proposal.data,
            actionId: 'act-f1',
            parameters: { ...proposal.data.parameters, sku: 'SKU-1', location: 'DC-1' },
            features: { averageDailyDemand: 10, leadTimeDays: 4 },
            model: { id: 'stockout-risk', version: '1.0.0+abc' },
            proposedAt: ago(30),
          },
        },
      },
      demand('evt-dem-1', 8, ago(5)),
      demand('evt-dem-2', 12, ago(4)),
      // Procurement: one automatic and one to people outside fallback; one to people and one rejected in it.
      decision('act-a1', 'auto-approved', 'automated', ago(20)),
      decision('act-a4', 'approval-required', 'automated', ago(20)),
      decision('act-a2', 'approval-required', 'manual-fallback', ago(18)),
      decision('act-a3', 'rejected', 'manual-fallback', ago(18), ['guardrail.agent-out-of-scope']),
      resolved('act-a2', 'approved', ago(18), ago(14)),
      resolved('act-a4', 'expired', ago(20), ago(6)),
      // act-a5, approved automatically before procurement fell back, held by execution for review.
      {
        topic: Topics.ReviewRequestsV1,
        event: { ...review, id: 'evt-review-a5', subject: 'act-a5', data: { ...review.data, actionId: 'act-a5', domainMode: 'manual-fallback', requestedAt: ago(17) } },
      },
      // act-a1 executed at its third attempt, 8 minutes after policy approved it.
      {
        topic: Topics.ActionsOutcomesV1,
        event: { ...executed, id: 'evt-exec-a1', subject: 'act-a1', time: ago(12), data: { ...executed.data, actionId: 'act-a1', actionType: ActionTypes.CreatePurchaseOrder, attempts: 3 } },
      },
    ]);

    const dead = await recorder.waitFor((m) => m.topic === namespace + Topics.DeadLetterV1);
    expect((dead.json as CloudEvent<DeadLetterV1>).data).toMatchObject({ topic: Topics.QualityScoredV1, errorCode: 'invalid-scored-source-event' });

    let card: Scorecard | undefined;
    for (let i = 0; i < 60; i++) {
      card = (await api<Scorecard>(port, 'GET', '/scorecard?window=1h', AUDITOR)).body;
      const o = card.overall;
      // Each topic arrives in its own time: wait for the last fact of each.
      const ready =
        o.forecastAccuracy[0]?.pairs === 2 &&
        o.fillRate?.filled === 2 &&
        o.exceptionResolution.meanSeconds !== null &&
        o.userAdoption.expired === 1 &&
        o.policyViolations.total === 1 &&
        o.automationMix.outsideFallback.approvalRequired === 1 &&
        o.fallbackReliability?.heldAtExecution === 1;
      if (ready) break;
      await sleep(250);
    }
    expect(card?.domains.orders).toMatchObject({
      fillRate: { orders: 3, filled: 2, rate: 0.6667 },
      // 300 s and 120 s: p95 = 120 + 180 * 0.95.
      orderCycleTimeSeconds: { count: 2, p50: 210, p95: 291 },
    });
    expect(card?.domains.procurement).toMatchObject({
      // |10 - 8| + |10 - 12| = 4 over 20; the errors cancel.
      forecastAccuracy: [{ modelId: 'stockout-risk', modelVersion: '1.0.0+abc', pairs: 2, wape: 0.2, bias: 0, relativeBias: 0 }],
      exceptionResolution: { resolved: 1, open: 0, retried: 1, meanSeconds: 480 },
      userAdoption: { actedOn: 1, expired: 1, rate: 0.5 },
      policyViolations: { total: 1, byPolicy: { 'guardrail.agent-out-of-scope': 1 } },
      automationMix: {
        outsideFallback: { autoApproved: 1, approvalRequired: 1, rejected: 0, automatedShare: 0.5 },
        inFallback: { autoApproved: 0, approvalRequired: 1, rejected: 1, automatedShare: 0 },
      },
      // One to people and one rejected in fallback, one held at execution.
      fallbackReliability: { held: 3, heldAtExecution: 1, slipped: 0 },
    });
    expect(card?.overall).toMatchObject({ fillRate: { orders: 3, filled: 2 }, fallbackReliability: { held: 3, heldAtExecution: 1, slipped: 0 } });
    expect(card?.domains.inventory.fillRate).toBeNull();
    expect(card?.domains.planning.fallbackReliability).toBeNull();
  });

  it('a decision that ran automatically in fallback shows as slipped', async () => {
    await publisher.publishAll([decision('act-s1', 'auto-approved', 'manual-fallback', ago(1))]);
    let slipped = 0;
    for (let i = 0; i < 40 && slipped === 0; i++) {
      slipped = (await api<Scorecard>(port, 'GET', '/scorecard?window=1h', AUDITOR)).body.domains.procurement.fallbackReliability?.slipped ?? 0;
      if (slipped === 0) await sleep(250);
    }
    expect(slipped).toBe(1);
  });
});
