// resilience-monitor and circuit-breaker together, as processes, against real Kafka and Postgres
// (fresh topic namespace and schemas). The test plays data-quality: it publishes the inventory
// feed's health every 500 ms, fresh or stale, and watches governance.domain-modes.v1:
// - a stale inventory feed puts inventory in manual-fallback within two health intervals;
// - a fresh feed again takes it through probation back to automated;
// - an operator's forced manual-fallback holds against healthy data until cleared;
// - a restarted circuit-breaker keeps every domain's mode and announces nothing by itself.
import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  feedHealthSubject,
  Topics,
  type CloudEvent,
  type DomainHealthReportedV1,
  type DomainModeChangedV1,
} from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { createTopicNamespace, NodeProcess, TopicRecorder, uniqueSchema, type RecordedMessage } from '@governor/testing';
import { api, commonEnv, deleteNamespace, dropSchemas, freePort, servicePath, sleep, startService } from './harness';

const HEALTH_INTERVAL_MS = 1_000;
const COOL_DOWN_MS = 3_000;
const FEED = feedHealthSubject('urn:wms:dc-east', Topics.SourceInventoryV1);
const OPERATOR = { id: 'ops-1', roles: ['operator'] };

interface DomainView {
  domain: string;
  mode: string;
  since: string;
  override: { mode: string; userId: string; reason: string } | null;
  health: { value: number; staleFeeds: string[]; reportedAt: string } | null;
}

jest.setTimeout(60_000);

describe('resilience-monitor + circuit-breaker (processes, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: commonEnv('').KAFKA_BROKERS.split(','), clientId: 'breaker-flow-test' });
  const admin = kafka.admin();
  const monitorSchema = uniqueSchema('rm');
  const breakerSchema = uniqueSchema('cb');
  const monitorPort = freePort();
  const breakerPort = monitorPort + 1;
  let namespace: string;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  let monitor: NodeProcess | undefined;
  let breaker: NodeProcess | undefined;
  let breakerEnv: Record<string, string>;
  let feedTimer: NodeJS.Timeout | undefined;
  let feedStale = false;

  const modeChanges = (domain = 'inventory') =>
    recorder.messages
      .filter((m) => m.topic === namespace + Topics.DomainModesV1)
      .map((m) => m.json as CloudEvent<DomainModeChangedV1>)
      .filter((e) => e.data.domain === domain);
  const healthReports = (domain = 'inventory') =>
    recorder.messages
      .filter((m) => m.topic === namespace + Topics.DomainHealthV1)
      .map((m) => m.json as CloudEvent<DomainHealthReportedV1>)
      .filter((e) => e.data.domain === domain);
  const isModeChange = (domain: string, mode: string, after = 0) => (m: RecordedMessage) => {
    if (m.topic !== namespace + Topics.DomainModesV1) return false;
    const e = m.json as CloudEvent<DomainModeChangedV1>;
    return e.data.domain === domain && e.data.mode === mode && Date.parse(e.data.since) >= after;
  };
  const waitForMode = async (domain: string, mode: string, after: number, timeoutMs = 15_000) =>
    (await recorder.waitFor(isModeChange(domain, mode, after), timeoutMs, `${domain} -> ${mode}`)).json as CloudEvent<DomainModeChangedV1>;
  const domainView = async (domain: string) => (await api<DomainView>(breakerPort, 'GET', `/domains/${domain}`, OPERATOR)).body;

  function publishFeedHealth(): Promise<void> {
    const example = exampleEvent(EventTypes.FeedHealthReportedV1);
    const now = new Date().toISOString();
    return publisher.publish(Topics.FeedHealthV1, {
      ...example,
      id: randomUUID(),
      time: now,
      data: { ...example.data, stale: feedStale, secondsSinceLastEvent: feedStale ? 900 : 1, reportedAt: now },
    });
  }

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'cb');
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    recorder = await TopicRecorder.start(kafka, [namespace + Topics.DomainModesV1, namespace + Topics.DomainHealthV1]);
    const env = commonEnv(namespace);
    breakerEnv = {
      ...env,
      PORT_CIRCUIT_BREAKER: String(breakerPort),
      CIRCUIT_BREAKER_DB_SCHEMA: breakerSchema,
      CIRCUIT_BREAKER_GROUP_ID: `${namespace}circuit-breaker`,
      BREAKER_TRIP_THRESHOLD: '0.5',
      BREAKER_RECOVERY_THRESHOLD: '0.8',
      BREAKER_COOL_DOWN_SECONDS: String(COOL_DOWN_MS / 1000),
      BREAKER_PROBATION_WINDOWS: '2',
      BREAKER_MAX_REPORT_AGE_SECONDS: '30',
    };
    [monitor, breaker] = await Promise.all([
      startService(
        servicePath('resilience-monitor'),
        {
          ...env,
          PORT_RESILIENCE_MONITOR: String(monitorPort),
          RESILIENCE_MONITOR_DB_SCHEMA: monitorSchema,
          RESILIENCE_MONITOR_GROUP_ID: `${namespace}resilience-monitor`,
          HEALTH_INTERVAL_SECONDS: String(HEALTH_INTERVAL_MS / 1000),
          HEALTH_WINDOW_SECONDS: '30',
          HEALTH_FEED_REPORT_MAX_AGE_SECONDS: '5',
        },
        monitorPort,
      ),
      startService(servicePath('circuit-breaker'), breakerEnv, breakerPort),
    ]);
    feedTimer = setInterval(() => void publishFeedHealth().catch(() => undefined), 500);
  }, 120_000);

  afterAll(async () => {
    clearInterval(feedTimer);
    await Promise.all([monitor?.stop(), breaker?.stop()]);
    await recorder?.stop();
    await publisher?.disconnect();
    await dropSchemas(monitorSchema, breakerSchema);
    if (namespace) await deleteNamespace(admin, namespace);
    await admin.disconnect();
  });

  it('starts automated with a healthy inventory feed', async () => {
    const healthy = await recorder.waitFor(
      (m) => m.topic === namespace + Topics.DomainHealthV1 && (m.json as CloudEvent<DomainHealthReportedV1>).data.domain === 'inventory',
    );
    expect((healthy.json as CloudEvent<DomainHealthReportedV1>).data).toMatchObject({ health: 1, staleFeeds: [], reasons: [] });
    const { status, body } = await api<{ domains: DomainView[] }>(breakerPort, 'GET', '/domains', OPERATOR);
    expect(status).toBe(200);
    expect(body.domains.map((d) => [d.domain, d.mode])).toEqual([
      ['credit', 'automated'],
      ['inventory', 'automated'],
      ['orders', 'automated'],
      ['procurement', 'automated'],
    ]);
    expect(modeChanges()).toEqual([]);
  });

  it('a stale inventory feed puts inventory in manual-fallback within two health intervals', async () => {
    feedStale = true;
    const stoppedAt = Date.now();
    await publishFeedHealth();
    const change = await waitForMode('inventory', 'manual-fallback', stoppedAt, 10_000);
    expect(change.source).toBe('urn:governor:circuit-breaker');
    expect(change.subject).toBe('inventory');
    expect(change.data).toMatchObject({ previousMode: 'automated', triggeredBy: 'breaker' });
    expect(change.data.reason).toContain(`stale feeds: ${FEED}`);
    // Counted in health windows, not wall-clock time: at most two reports after the feed went stale.
    const since = Date.parse(change.data.since);
    const windows = healthReports().filter((r) => Date.parse(r.data.reportedAt) > stoppedAt && Date.parse(r.data.reportedAt) <= since);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(windows.length).toBeLessThanOrEqual(2);
    expect(windows.at(-1)?.data).toMatchObject({
      health: 0.4,
      staleFeeds: [FEED],
      reasons: [{ signal: 'feed-stale', value: 900, penalty: 0.6 }],
    });
    expect(since - stoppedAt).toBeLessThan(2 * HEALTH_INTERVAL_MS + 3_000);
    const view = await domainView('inventory');
    expect(view).toMatchObject({ mode: 'manual-fallback', override: null, health: { value: 0.4, staleFeeds: [FEED] } });
  });

  it('a fresh feed again takes inventory through probation back to automated', async () => {
    const tripped = modeChanges().at(-1);
    feedStale = false;
    const probation = await waitForMode('inventory', 'probation', 0, 15_000);
    expect(probation.data.previousMode).toBe('manual-fallback');
    // Not before the cool-down.
    expect(Date.parse(probation.data.since) - Date.parse(tripped?.data.since ?? '')).toBeGreaterThanOrEqual(COOL_DOWN_MS);
    const automated = await waitForMode('inventory', 'automated', Date.parse(probation.data.since), 10_000);
    expect(automated.data).toMatchObject({ previousMode: 'probation', triggeredBy: 'breaker', reason: '2 healthy windows in a row in probation' });
    expect(modeChanges().map((c) => c.data.mode)).toEqual(['manual-fallback', 'probation', 'automated']);
    expect((await domainView('inventory')).mode).toBe('automated');
  });

  it('refuses overrides without the operator role or with a bad body', async () => {
    const planner = await api<{ error: { code: string } }>(breakerPort, 'POST', '/domains/inventory/override', { id: 'p-1', roles: ['planner'] }, { mode: 'manual-fallback', reason: 'x' });
    expect(planner.status).toBe(403);
    const noToken = await api<{ error: { code: string } }>(breakerPort, 'GET', '/domains', null);
    expect(noToken.status).toBe(401);
    const bad = await api<{ error: { code: string } }>(breakerPort, 'POST', '/domains/inventory/override', OPERATOR, { mode: 'probation', reason: 'x' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid-request']);
    const unknown = await api<{ error: { code: string } }>(breakerPort, 'POST', '/domains/planning/override', OPERATOR, { mode: 'automated', reason: 'x' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown-domain']);
    const nothingToClear = await api<{ error: { code: string } }>(breakerPort, 'POST', '/domains/inventory/override', OPERATOR, { mode: 'clear', reason: 'x' });
    expect([nothingToClear.status, nothingToClear.body.error.code]).toEqual([409, 'no-override']);
  });

  it('an operator override holds against healthy data until cleared', async () => {
    const before = modeChanges().length;
    const forcedAt = Date.now();
    const forced = await api<DomainView>(breakerPort, 'POST', '/domains/inventory/override', OPERATOR, { mode: 'manual-fallback', reason: 'ERP cut-over' });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ mode: 'manual-fallback', override: { mode: 'manual-fallback', userId: 'ops-1', reason: 'ERP cut-over' } });
    const announced = await waitForMode('inventory', 'manual-fallback', forcedAt);
    expect(announced.data).toMatchObject({ previousMode: 'automated', triggeredBy: 'operator:ops-1', reason: 'forced by operator: ERP cut-over' });

    // Longer than the cool-down plus the probation windows, with healthy windows all along.
    await sleep(COOL_DOWN_MS + 3 * HEALTH_INTERVAL_MS);
    expect(modeChanges().length).toBe(before + 1);
    const held = await domainView('inventory');
    expect(held).toMatchObject({ mode: 'manual-fallback', override: { mode: 'manual-fallback' }, health: { value: 1 } });
    expect(Date.parse(held.health?.reportedAt ?? '')).toBeGreaterThan(forcedAt + COOL_DOWN_MS);

    const clearedAt = Date.now();
    const cleared = await api<DomainView>(breakerPort, 'POST', '/domains/inventory/override', OPERATOR, { mode: 'clear', reason: 'cut-over done' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.override).toBeNull();
    const clearEvent = await recorder.waitFor(
      (m) => isModeChange('inventory', 'manual-fallback')(m) && (m.json as CloudEvent<DomainModeChangedV1>).data.reason.includes('cut-over done'),
    );
    expect((clearEvent.json as CloudEvent<DomainModeChangedV1>).data).toMatchObject({ previousMode: 'manual-fallback', triggeredBy: 'operator:ops-1' });
    // The rules decide again: the cool-down has passed, so probation, then automated.
    const probation = await waitForMode('inventory', 'probation', clearedAt);
    await waitForMode('inventory', 'automated', Date.parse(probation.data.since));
    const detail = await api<{ history: { mode: string; triggeredBy: string }[]; overrides: { action: string; userId: string }[] }>(
      breakerPort,
      'GET',
      '/domains/inventory',
      OPERATOR,
    );
    expect(detail.body.overrides.map((o) => [o.action, o.userId])).toEqual([
      ['clear', 'ops-1'],
      ['force', 'ops-1'],
    ]);
    expect(detail.body.history.slice(0, 4).map((h) => [h.mode, h.triggeredBy])).toEqual([
      ['automated', 'breaker'],
      ['probation', 'breaker'],
      ['manual-fallback', 'operator:ops-1'],
      ['manual-fallback', 'operator:ops-1'],
    ]);
  });

  it('a restarted circuit-breaker keeps each domain mode and changes none by itself', async () => {
    feedStale = true;
    await waitForMode('inventory', 'manual-fallback', Date.now() - 500);
    expect((await api(breakerPort, 'POST', '/domains/procurement/override', OPERATOR, { mode: 'manual-fallback', reason: 'supplier audit' })).status).toBe(200);
    expect((await api(breakerPort, 'POST', '/domains/credit/override', OPERATOR, { mode: 'automated', reason: 'false alarm' })).status).toBe(200);
    await recorder.waitFor((m) => isModeChange('credit', 'automated')(m));
    const before = (await api<{ domains: DomainView[] }>(breakerPort, 'GET', '/domains', OPERATOR)).body.domains;
    expect(before.map((d) => [d.domain, d.mode, d.override?.mode ?? null])).toEqual([
      ['credit', 'automated', 'automated'],
      ['inventory', 'manual-fallback', null],
      ['orders', 'automated', null],
      ['procurement', 'manual-fallback', 'manual-fallback'],
    ]);

    await breaker?.stop();
    const announcedBefore = recorder.messages.filter((m) => m.topic === namespace + Topics.DomainModesV1).length;
    breaker = await startService(servicePath('circuit-breaker'), breakerEnv, breakerPort);
    // Health keeps flowing (inventory still stale); give the restarted breaker a few windows.
    const restartedAt = Date.now();
    await recorder.waitForCount((m) => m.topic === namespace + Topics.DomainHealthV1 && Date.parse((m.json as CloudEvent<DomainHealthReportedV1>).data.reportedAt) > restartedAt, 12);
    await sleep(500);
    const after = (await api<{ domains: DomainView[] }>(breakerPort, 'GET', '/domains', OPERATOR)).body.domains;
    expect(after.map((d) => [d.domain, d.mode, d.since, d.override?.mode ?? null])).toEqual(
      before.map((d) => [d.domain, d.mode, d.since, d.override?.mode ?? null]),
    );
    expect(recorder.messages.filter((m) => m.topic === namespace + Topics.DomainModesV1)).toHaveLength(announcedBefore);
    // It is alive, not stuck: it applied the health windows that came after the restart.
    const inventory = after.find((d) => d.domain === 'inventory');
    expect(inventory?.health).toMatchObject({ value: 0.4, staleFeeds: [FEED] });
    expect(Date.parse(inventory?.health?.reportedAt ?? '')).toBeGreaterThan(restartedAt);
    // Every announcement was keyed by its domain, as the compacted topic needs.
    const announced = recorder.messages.filter((m) => m.topic === namespace + Topics.DomainModesV1);
    expect(announced.every((m) => m.key === (m.json as CloudEvent<DomainModeChangedV1>).data.domain)).toBe(true);
  });
});
