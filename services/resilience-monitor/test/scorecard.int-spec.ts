// resilience-monitor as a process against real Kafka and Postgres (fresh namespace and schema).
// The test plays policy-enforcement, execution-adapters, data-quality, predictive-risk and the
// circuit breaker: it publishes their events, then checks the health the monitor publishes and
// the scorecard it serves, against figures computed by hand from those events.
import {
  ActionTypes,
  ContractErrorCodes,
  EventTypes,
  Topics,
  type ApprovalOutcome,
  type CloudEvent,
  type DeadLetterV1,
  type DecisionOutcome,
  type DomainHealthReportedV1,
  type SecurityViolationRecordedV1,
} from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { createTopicNamespace, NodeProcess, TopicRecorder, uniqueSchema } from '@governor/testing';
import { api, commonEnv, deleteNamespace, dropSchemas, freePort, servicePath, sleep, startService } from './harness';

interface Figures {
  eventsIn: number;
  meanDataQuality: number | null;
  proposals: number;
  decisions: Record<string, number>;
  automationRate: number | null;
  approvalLatencySeconds: { count: number; p50: number | null; p95: number | null };
  exceptionResolution: { resolved: number; open: number; meanSeconds: number | null };
  overrides: { humanRejections: number; humanRejectionRate: number | null; forcedModes: number };
  policyViolationsPrevented: number;
  executions: Record<string, number>;
  timeInModeSeconds: Record<string, number> | null;
  drift: unknown[];
  forecastBias: unknown[];
  auditCompleteness: { executed: number; complete: number; ratio: number | null };
  accessViolations: { total: number; byKind: Record<string, number> };
  health: number | null;
  shadowVsChampion: unknown[];
}
interface Scorecard {
  window: string;
  overall: Figures;
  domains: Record<string, Figures>;
}

const PLANNER = { id: 'u-planner-9', roles: ['planner'] };

jest.setTimeout(60_000);

describe('resilience-monitor health and scorecard (a process, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: commonEnv('').KAFKA_BROKERS.split(','), clientId: 'scorecard-test' });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const schema = uniqueSchema('rm');
  const port = freePort();
  const start = Date.now();
  const ago = (minutes: number) => new Date(start - minutes * 60_000).toISOString();
  let namespace: string;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  let monitor: NodeProcess | undefined;

  function decision(actionId: string, outcome: DecisionOutcome, at: string): CloudEvent<unknown> {
    const e = exampleEvent(EventTypes.DecisionMadeV1);
    return { ...e, id: `evt-dec-${actionId}`, subject: actionId, time: at, data: { ...e.data, decisionId: `dec-${actionId}`, actionId, outcome } };
  }
  function approval(actionId: string, outcome: ApprovalOutcome, requestedAt: string, resolvedAt: string): CloudEvent<unknown> {
    const e = exampleEvent(EventTypes.ApprovalResolvedV1);
    return {
      ...e,
      id: `evt-task-${actionId}`,
      subject: actionId,
      time: resolvedAt,
      data: {
        ...e.data,
        taskId: `task-${actionId}`,
        actionId,
        outcome,
        approvers: outcome === 'approved' ? ['u-planner-1'] : [],
        rejectedBy: outcome === 'rejected' ? 'u-planner-2' : null,
        requestedAt,
        resolvedAt,
      },
    };
  }
  function outcome(actionId: string, type: typeof EventTypes.ActionExecutedV1 | typeof EventTypes.ActionFailedV1, at: string): CloudEvent<unknown> {
    const e = exampleEvent(type);
    return { ...e, id: `evt-${type}-${actionId}`, subject: actionId, time: at, data: { ...e.data, actionId, actionType: ActionTypes.CreatePurchaseOrder } };
  }

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
    namespace = await createTopicNamespace(admin, 'rm');
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    recorder = await TopicRecorder.start(kafka, [namespace + Topics.DomainHealthV1, namespace + Topics.DeadLetterV1]);
    monitor = await startService(
      servicePath('resilience-monitor'),
      {
        ...commonEnv(namespace),
        PORT_RESILIENCE_MONITOR: String(port),
        RESILIENCE_MONITOR_DB_SCHEMA: schema,
        RESILIENCE_MONITOR_GROUP_ID: `${namespace}resilience-monitor`,
        HEALTH_INTERVAL_SECONDS: '1',
        HEALTH_WINDOW_SECONDS: '3600',
        HEALTH_FEED_REPORT_MAX_AGE_SECONDS: '600',
      },
      port,
    );
  }, 90_000);

  afterAll(async () => {
    await monitor?.stop();
    await recorder?.stop();
    await Promise.all([publisher?.disconnect(), producer.disconnect()]);
    await dropSchemas(schema);
    if (namespace) await deleteNamespace(admin, namespace);
    await admin.disconnect();
  });

  it('stores what the other services publish, once, and dead-letters what it cannot read', async () => {
    // A record that is not even JSON, ahead of valid ones on the same partition.
    await producer.send({ topic: namespace + Topics.DecisionsV1, messages: [{ key: 'act-p1', value: 'not json' }] });
    const procurement = [
      decision('act-p1', 'auto-approved', ago(20)),
      decision('act-p1', 'auto-approved', ago(20)), // the same event again: counted once
      decision('act-p2', 'auto-approved', ago(20)),
      decision('act-p3', 'auto-approved', ago(20)),
      decision('act-p4', 'approval-required', ago(20)),
      decision('act-p5', 'approval-required', ago(20)),
      decision('act-p6', 'rejected', ago(20)),
    ];
    const orders = exampleEvent(EventTypes.FeedHealthReportedV1);
    const inventoryModel = exampleEvent(EventTypes.ModelHealthReportedV1);
    const forced = exampleEvent(EventTypes.DomainModeChangedV1);
    // Demand sensing's reports (predictive-risk's tick): its refit r2 in shadow beside champion c1,
    // scored on 10 then 24 live forecasts; r1, superseded by it, last reported 20 minutes ago; r0
    // before the window.
    const shadowRun = (version: string, forecasts: number, wape: number | null, championWape: number | null) => ({
      version,
      champion: 'c1',
      since: ago(120),
      forecasts,
      wape,
      championWape,
      wapeDelta: wape !== null && championWape !== null ? wape - championWape : null,
    });
    const demandReport = (id: string, minutesAgo: number, shadows: ReturnType<typeof shadowRun>[]) => ({
      topic: Topics.ModelHealthV1,
      event: {
        ...inventoryModel,
        id,
        subject: 'demand-sensing',
        data: { ...inventoryModel.data, modelId: 'demand-sensing', modelVersion: 'c1', psi: null, psiByInput: {}, forecastBias: null, biasSampleSize: 0, reportedAt: ago(minutesAgo), shadows },
      },
    });
    const refusal = (id: string, data: Partial<SecurityViolationRecordedV1>) => {
      const event = exampleEvent(EventTypes.SecurityViolationRecordedV1);
      return { topic: Topics.SecurityEventsV1, event: { ...event, id, data: { ...event.data, ...data } } };
    };
    await publisher.publishAll([
      refusal('evt-refusal-1', { kind: 'forbidden', domain: 'inventory', count: 3, lastAt: ago(10) }),
      refusal('evt-refusal-2', { service: 'execution-adapters', kind: 'bad-signature', code: 'signature-mismatch', domain: 'procurement', actionId: 'act-p9', count: 1, lastAt: ago(6) }),
      refusal('evt-refusal-3', { kind: 'unauthenticated', code: 'token-expired', actor: null, domain: null, count: 40, lastAt: ago(2) }),
      ...procurement.map((event) => ({ topic: Topics.DecisionsV1, event })),
      // Approval latencies of 60 s (approved) and 120 s (rejected by a person).
      { topic: Topics.ApprovalsV1, event: approval('act-p4', 'approved', ago(15), ago(14)) },
      { topic: Topics.ApprovalsV1, event: approval('act-p5', 'rejected', ago(15), ago(13)) },
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p1', EventTypes.ActionExecutedV1, ago(12)) },
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p2', EventTypes.ActionExecutedV1, ago(12)) },
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p3', EventTypes.ActionFailedV1, ago(5)) },
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p3', EventTypes.ActionExecutedV1, ago(4)) },
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p4', EventTypes.ActionExecutedV1, ago(12)) },
      // Executed without a decision the monitor knows: its lineage is not whole.
      { topic: Topics.ActionsOutcomesV1, event: outcome('act-p7', EventTypes.ActionExecutedV1, ago(12)) },
      {
        topic: Topics.DomainModesV1,
        event: {
          ...forced,
          id: 'evt-mode-1',
          subject: 'procurement',
          time: ago(10),
          data: { ...forced.data, domain: 'procurement', mode: 'manual-fallback', previousMode: 'automated', triggeredBy: 'operator:ops-1', since: ago(10) },
        },
      },
      {
        topic: Topics.FeedHealthV1,
        event: {
          ...orders,
          id: 'evt-feed-1',
          subject: `urn:erp:plant-1000|${Topics.SourceOrdersV1}`,
          data: {
            ...orders.data,
            feedSource: 'urn:erp:plant-1000',
            topic: Topics.SourceOrdersV1,
            domain: 'orders',
            eventCount: 200,
            invalidCount: 10,
            invalidRatio: 0.05,
            meanScore: 0.8,
            reportedAt: ago(2),
          },
        },
      },
      // A report without shadows (the field is optional): stored with none.
      {
        topic: Topics.ModelHealthV1,
        event: { ...inventoryModel, id: 'evt-model-1', data: { ...inventoryModel.data, psi: 0.3, forecastBias: -2.5, biasSampleSize: 50, reportedAt: ago(3), shadows: undefined } },
      },
      demandReport('evt-model-ds-1', 90, [shadowRun('r0', 40, 0.2, 0.2)]),
      demandReport('evt-model-ds-2', 30, [shadowRun('r1', 6, 0.4, 0.3), shadowRun('r2', 10, 0.3, 0.25)]),
      demandReport('evt-model-ds-3', 20, [shadowRun('r1', 7, 0.375, 0.25), shadowRun('r2', 12, 0.25, 0.25)]),
      demandReport('evt-model-ds-4', 4, [shadowRun('r2', 24, 0.1875, 0.3125)]),
    ]);

    const dead = await recorder.waitFor((m) => m.topic === namespace + Topics.DeadLetterV1);
    expect((dead.json as CloudEvent<DeadLetterV1>).data).toMatchObject({
      topic: Topics.DecisionsV1,
      stage: 'resilience-monitor',
      errorCode: ContractErrorCodes.NotJson,
      original: 'not json',
    });
  });

  it('publishes each domain health with the reasons that lowered it', async () => {
    const latest = async (domain: string, health: number) =>
      (
        await recorder.waitFor((m) => {
          const e = m.json as CloudEvent<DomainHealthReportedV1>;
          return m.topic === namespace + Topics.DomainHealthV1 && e.data.domain === domain && e.data.health === health;
        }, 20_000, `${domain} health ${health}`)
      ).json as CloudEvent<DomainHealthReportedV1>;
    // 1 of 6 executions failed: (1/6 - 0.1) * 1 = 0.0667.
    const procurement = await latest('procurement', 0.9333);
    expect(procurement.data).toMatchObject({ windowSeconds: 3600, staleFeeds: [] });
    expect(procurement.data.reasons).toEqual([
      { signal: 'execution-failures', value: 0.1667, penalty: 0.0667, message: '16.7% of executions failed (1 of 6; limit 10.0%)' },
    ]);
    expect(procurement.source).toBe('urn:governor:resilience-monitor');
    expect(procurement.subject).toBe('procurement');
    // Mean score 0.8: (0.9 - 0.8) * 2 = 0.2; invalid ratio 0.05 is at the limit.
    expect((await latest('orders', 0.8)).data.reasons.map((r) => [r.signal, r.value, r.penalty])).toEqual([['data-quality', 0.8, 0.2]]);
    // PSI 0.3 is major drift: 0.3.
    expect((await latest('inventory', 0.7)).data.reasons.map((r) => [r.signal, r.value, r.penalty])).toEqual([['model-drift', 0.3, 0.3]]);
    await latest('credit', 1);
  });

  it('GET /scorecard answers per domain and overall with the figures of what was published', async () => {
    let card: Scorecard | undefined;
    for (let i = 0; i < 40; i++) {
      const { status, body } = await api<Scorecard>(port, 'GET', '/scorecard?window=1h', PLANNER);
      expect(status).toBe(200);
      card = body;
      if (card.domains.procurement.executions.executed === 5 && card.domains.procurement.approvalLatencySeconds.count === 2 && card.overall.accessViolations?.total === 44 && card.overall.shadowVsChampion.length === 2) break;
      await sleep(250);
    }
    const procurement = card?.domains.procurement;
    expect(procurement).toMatchObject({
      proposals: 6,
      decisions: { 'auto-approved': 3, 'approval-required': 2, rejected: 1, advisory: 0 },
      automationRate: 0.6,
      approvalLatencySeconds: { count: 2, p50: 90, p95: 117 },
      exceptionResolution: { resolved: 1, open: 0, meanSeconds: 60 },
      overrides: { humanRejections: 1, humanRejectionRate: 0.5, forcedModes: 1 },
      policyViolationsPrevented: 1,
      executions: { executed: 5, failed: 1, compensated: 0 },
      auditCompleteness: { executed: 5, complete: 4, ratio: 0.8 },
      accessViolations: { total: 1, byKind: { unauthenticated: 0, forbidden: 0, 'bad-signature': 1 } },
      health: 0.9333,
    });
    // Forced into manual-fallback ten minutes ago, automated before that.
    expect(procurement?.timeInModeSeconds?.['manual-fallback']).toBeGreaterThanOrEqual(600);
    expect(procurement?.timeInModeSeconds?.['manual-fallback']).toBeLessThan(630);
    expect((procurement?.timeInModeSeconds?.automated ?? 0) + (procurement?.timeInModeSeconds?.['manual-fallback'] ?? 0)).toBeCloseTo(3600, 1);
    expect(card?.domains.orders).toMatchObject({ eventsIn: 200, meanDataQuality: 0.8, health: 0.8, timeInModeSeconds: { automated: 3600 } });
    expect(card?.domains.inventory).toMatchObject({
      drift: [
        { modelId: 'demand-sensing', modelVersion: 'c1', psi: null, level: 'unknown' },
        { modelId: 'stockout-gbm', modelVersion: '2025-02-15', psi: 0.3, level: 'major' },
      ],
      forecastBias: [
        { modelId: 'demand-sensing', modelVersion: 'c1', bias: null, sampleSize: 0 },
        { modelId: 'stockout-gbm', modelVersion: '2025-02-15', bias: -2.5, sampleSize: 50 },
      ],
      health: 0.7,
    });
    // Shadow vs champion: each shadow version's newest report in the hour; r0's is older.
    const shadowOf = (version: string, forecasts: number, wape: number, championWape: number, wapeDelta: number, minutesAgo: number) => ({
      modelId: 'demand-sensing',
      version,
      champion: 'c1',
      since: ago(120),
      forecasts,
      wape,
      championWape,
      wapeDelta,
      reportedAt: ago(minutesAgo),
    });
    expect(card?.domains.inventory.shadowVsChampion).toEqual([shadowOf('r1', 7, 0.375, 0.25, 0.125, 20), shadowOf('r2', 24, 0.1875, 0.3125, -0.125, 4)]);
    expect(card?.overall.shadowVsChampion).toEqual(card?.domains.inventory.shadowVsChampion);
    expect(card?.domains.orders.shadowVsChampion).toEqual([]);
    expect(card?.domains.planning.timeInModeSeconds).toBeNull();
    expect(card?.domains.inventory.accessViolations).toEqual({ total: 3, byKind: { unauthenticated: 0, forbidden: 3, 'bad-signature': 0 } });
    expect(card?.overall).toMatchObject({ eventsIn: 200, proposals: 6, automationRate: 0.6, policyViolationsPrevented: 1, health: 0.7 });
    // 3 + 1 about domains, and 40 refused tokens about none.
    expect(card?.overall.accessViolations).toEqual({ total: 44, byKind: { unauthenticated: 40, forbidden: 3, 'bad-signature': 1 } });
    expect(card?.window).toBe('1h');
  });

  it('a window shorter than the facts leaves them out; bad windows and missing tokens are refused', async () => {
    const recent = await api<Scorecard>(port, 'GET', '/scorecard?window=7m', PLANNER);
    expect(recent.body.domains.procurement).toMatchObject({
      proposals: 0,
      executions: { executed: 1, failed: 1, compensated: 0 },
      exceptionResolution: { resolved: 1, open: 0, meanSeconds: 60 },
    });
    expect(recent.body.overall.accessViolations).toEqual({ total: 41, byKind: { unauthenticated: 40, forbidden: 0, 'bad-signature': 1 } });
    expect(recent.body.domains.inventory.shadowVsChampion).toMatchObject([{ version: 'r2', forecasts: 24, wapeDelta: -0.125 }]);
    const byDefault = await api<Scorecard>(port, 'GET', '/scorecard', { id: 'aud-1', roles: ['auditor'] });
    expect([byDefault.status, byDefault.body.window]).toEqual([200, '24h']);
    const bad = await api<{ error: { code: string } }>(port, 'GET', '/scorecard?window=yesterday', PLANNER);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid-window']);
    expect((await api(port, 'GET', '/scorecard', null)).status).toBe(401);
  });
});
