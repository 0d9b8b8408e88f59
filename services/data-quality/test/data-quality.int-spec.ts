// The data-quality service as a process (built output, real Kafka and Postgres, a fresh topic
// namespace and schema): scored events with their dimensions, implausible data scored lower with
// named issues, duplicates dropped, poison records counted against their feed, silent feeds
// reported stale, and feeds and the inbox kept across a restart.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { EventTypes, parse, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import type { ContractEvent } from '@governor/contracts';
import { createKafka, EventPublisher } from '@governor/messaging';
import {
  createTopicNamespace,
  freePort,
  NodeProcess,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';
import type { RecordedMessage } from '@governor/testing';

const MAIN = path.resolve(__dirname, '../../../dist/services/data-quality/src/main.js');
const PORT = freePort();
const HEALTH_INTERVAL_S = 1;
const STALE_AFTER_S = 2.5;

type Scored = ContractEvent<typeof EventTypes.QualityEventScoredV1>;
type FeedHealth = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;
type Level = ContractEvent<typeof EventTypes.InventoryLevelReportedV1>;

describe('data-quality (a process on real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'data-quality-test' });
  const admin = kafka.admin();
  const schema = uniqueSchema('dq');
  const groupId = uniqueName('dq');
  const sku = uniqueName('SKU');
  let namespace: string;
  let publisher: EventPublisher;
  let recorder: TopicRecorder;
  let service: NodeProcess;

  const startService = async (): Promise<NodeProcess> => {
    const child = new NodeProcess(MAIN, {
      GOVERNOR_TOPIC_NAMESPACE: namespace,
      DATA_QUALITY_DB_SCHEMA: schema,
      DATA_QUALITY_GROUP_ID: groupId,
      PORT_DATA_QUALITY: String(PORT),
      DQ_HEALTH_INTERVAL_SECONDS: String(HEALTH_INTERVAL_S),
      DQ_STALE_AFTER_SECONDS: String(STALE_AFTER_S),
      DQ_WINDOW_SECONDS: '60',
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      OTEL_SDK_DISABLED: 'true',
    });
    try {
      await child.waitForOutput(/ready on http/, 40_000);
      await waitUntil(async () => (await fetch(url('/health/ready'))).status === 200, 20_000, 'readiness');
    } catch (error) {
      await child.stop();
      throw error;
    }
    return child;
  };

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'dq');
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    recorder = await TopicRecorder.start(kafka, [Topics.QualityScoredV1, Topics.FeedHealthV1, Topics.DeadLetterV1].map((t) => namespace + t));
    service = await startService();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await recorder?.stop();
    await publisher?.disconnect();
    await admin.disconnect();
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  const url = (p: string) => `http://127.0.0.1:${PORT}${p}`;
  const scoredOf = (id: string) => (m: RecordedMessage) => m.topic === namespace + Topics.QualityScoredV1 && (m.json as Scored).data.event.id === id;
  const healthOf = (feedSource: string, pred: (h: FeedHealth['data']) => boolean = () => true) => (m: RecordedMessage) =>
    m.topic === namespace + Topics.FeedHealthV1 && (m.json as FeedHealth).data.feedSource === feedSource && pred((m.json as FeedHealth).data);
  const metric = async (pattern: RegExp) => {
    const text = await (await fetch(url('/metrics'))).text();
    return Number(pattern.exec(text)?.[1] ?? NaN);
  };

  const level = (data: Partial<Level['data']>, source = 'urn:wms:dc-east'): Level => {
    const now = new Date().toISOString();
    const base = exampleEvent(EventTypes.InventoryLevelReportedV1);
    return {
      ...base,
      id: uniqueName('lvl'),
      source,
      subject: `${sku}@DC-EAST`,
      time: now,
      data: { ...base.data, sku, location: 'DC-EAST', asOf: now, ...data },
    };
  };

  const first = level({ onHand: 120, allocated: 30, inTransit: 40 });

  it('scores a valid inventory level 1 on every dimension and publishes it on internal.quality-scored.v1', async () => {
    await publisher.publish(Topics.SourceInventoryV1, first);
    const record = await recorder.waitFor(scoredOf(first.id));
    const parsed = parse({ value: record.value, topic: Topics.QualityScoredV1 });
    expect(parsed.ok).toBe(true);
    const scored = record.json as Scored;
    expect(record.key).toBe(first.subject);
    expect(scored).toMatchObject({ type: EventTypes.QualityEventScoredV1, source: 'urn:governor:data-quality', subject: first.subject });
    expect(scored.data).toMatchObject({ sourceTopic: Topics.SourceInventoryV1, domain: 'inventory', score: 1, issues: [] });
    expect(scored.data.event).toEqual(first);
    for (const dimension of ['completeness', 'validity', 'timeliness', 'consistency', 'uniqueness'] as const) {
      expect(scored.data.dimensions[dimension]).toEqual({ score: 1, issues: [] });
    }
  });

  it('scores an implausible level lower (allocated > onHand + inTransit, onHand up 100x), naming both issues', async () => {
    // onHand 12000 vs the last 120 + 40 in transit (75x > 50x); allocated 12500 > 12000 + 0.
    const implausible = level({ onHand: 12_000, allocated: 12_500, inTransit: 0 });
    await publisher.publish(Topics.SourceInventoryV1, implausible);
    const scored = (await recorder.waitFor(scoredOf(implausible.id))).json as Scored;
    expect(scored.data.dimensions.validity.score).toBe(0.5);
    expect(scored.data.dimensions.consistency.score).toBe(0.5);
    // 0.15 + 0.3 x 0.5 + 0.15 + 0.25 x 0.5 + 0.15
    expect(scored.data.score).toBe(0.725);
    expect(scored.data.issues.map((i) => i.split(':')[0])).toEqual(['allocated-exceeds-available', 'on-hand-jump']);
  });

  it('drops a repeated (source, id) and counts it, never scoring it twice', async () => {
    await publisher.publish(Topics.SourceInventoryV1, first);
    await waitUntil(async () => (await metric(/governor_data_quality_duplicates_dropped_total\{[^}]*\} (\d+)/)) >= 1, 15_000, 'duplicate count');
    // A later event on the same partition is scored only after the repeat was handled.
    const after = level({ onHand: 150, allocated: 10, inTransit: 0 });
    await publisher.publish(Topics.SourceInventoryV1, after);
    await recorder.waitFor(scoredOf(after.id));
    expect(recorder.messages.filter(scoredOf(first.id))).toHaveLength(1);
    expect(await metric(/governor_data_quality_events_scored_total\{topic="source.inventory.v1",feed="urn:wms:dc-east"[^}]*\} (\d+)/)).toBe(3);
  });

  it('dead-letters a poison record and raises its feed\'s invalid ratio; a record with no source counts for "unknown"', async () => {
    const feed = 'urn:wms:dc-poison';
    const good = level({}, feed);
    await publisher.publish(Topics.SourceInventoryV1, good);
    await recorder.waitFor(scoredOf(good.id));
    await recorder.waitFor(healthOf(feed, (h) => h.eventCount === 1), 10_000, 'a clean report');
    const poison = { ...level({}, feed), id: uniqueName('poison') };
    await publisher.sendRaw(Topics.SourceInventoryV1, [
      { key: poison.subject, value: JSON.stringify({ ...poison, data: { ...poison.data, onHand: -5 } }) },
      { key: null, value: 'not json at all' },
    ]);
    const deadLetter = await recorder.waitFor(
      (m) => m.topic === namespace + Topics.DeadLetterV1 && (m.json as { data: { original: string } }).data.original.includes(poison.id),
    );
    expect((deadLetter.json as { data: { topic: string } }).data.topic).toBe(Topics.SourceInventoryV1);
    // 1 scored (score 1) + 1 invalid in the window
    const report = await recorder.waitFor(healthOf(feed, (h) => h.invalidCount === 1), 10_000, 'a report with the invalid record');
    expect((report.json as FeedHealth).data).toMatchObject({ eventCount: 2, invalidCount: 1, invalidRatio: 0.5, meanScore: 1, domain: 'inventory' });
    const unknown = await recorder.waitFor(healthOf('unknown', (h) => h.invalidCount === 1), 10_000, 'the unknown feed');
    expect((unknown.json as FeedHealth).data).toMatchObject({ topic: Topics.SourceInventoryV1, eventCount: 1, invalidRatio: 1, meanScore: null });
    expect(await metric(/governor_data_quality_feed_mean_score\{topic="source.inventory.v1",feed="urn:wms:dc-poison"[^}]*\} ([\d.]+)/)).toBe(1);
  });

  it('reports a silent feed stale within two health intervals of its silence passing staleAfterSeconds', async () => {
    const feed = 'urn:finance:silent';
    const base = exampleEvent(EventTypes.CreditCustomerExposureUpdatedV1);
    // Two records a stale period apart: a feed that has kept speaking, whose silence then counts.
    const earlier = { ...base, id: uniqueName('cr'), source: feed, time: new Date().toISOString() };
    await publisher.publish(Topics.SourceCreditV1, earlier);
    await recorder.waitFor(scoredOf(earlier.id));
    await new Promise((r) => setTimeout(r, STALE_AFTER_S * 1_000 + 200));
    const credit = { ...base, id: uniqueName('cr'), source: feed, time: new Date().toISOString() };
    await publisher.publish(Topics.SourceCreditV1, credit);
    await recorder.waitFor(scoredOf(credit.id));
    const fresh = await recorder.waitFor(healthOf(feed, (h) => !h.stale && h.eventCount === 2), 10_000, 'a fresh report');
    expect((fresh.json as FeedHealth).data.eventCount).toBe(2);
    const stale = await recorder.waitFor(healthOf(feed, (h) => h.stale), (STALE_AFTER_S + 3 * HEALTH_INTERVAL_S) * 1_000 + 3_000, 'a stale report');
    const data = (stale.json as FeedHealth).data;
    expect(parse({ value: stale.value, topic: Topics.FeedHealthV1 }).ok).toBe(true);
    expect(data.staleAfterSeconds).toBe(STALE_AFTER_S);
    expect(data.secondsSinceLastEvent).toBeGreaterThan(STALE_AFTER_S);
    expect(data.secondsSinceLastEvent).toBeLessThanOrEqual(STALE_AFTER_S + 2 * HEALTH_INTERVAL_S);
  });

  it('reports a source seen once but never stale: its silence does not count against its domain', async () => {
    const feed = 'urn:wms:stray-test';
    const level = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('lvl'), source: feed, time: new Date().toISOString() };
    await publisher.publish(Topics.SourceInventoryV1, level);
    await recorder.waitFor(scoredOf(level.id));
    const silent = await recorder.waitFor(
      healthOf(feed, (h) => h.secondsSinceLastEvent !== null && h.secondsSinceLastEvent > STALE_AFTER_S + HEALTH_INTERVAL_S),
      (STALE_AFTER_S + 4 * HEALTH_INTERVAL_S) * 1_000 + 3_000,
      'a report well past the stale period',
    );
    expect((silent.json as FeedHealth).data).toMatchObject({ stale: false, staleAfterSeconds: STALE_AFTER_S });
    expect(recorder.messages.filter(healthOf(feed, (h) => h.stale))).toHaveLength(0);
  });

  it('dead-letters alone a record its group cannot store, and scores the rest of the group', async () => {
    // A valid record whose business key is too long for a btree index entry (2,704 bytes; random
    // hex, which does not compress): its group's key claim fails, and the consumer handles the
    // group again record by record.
    const feed = 'urn:wms:dc-oversized';
    const good = [level({ onHand: 10 }, feed), level({ onHand: 11 }, feed)];
    const bad = { ...level({}, feed), subject: `${sku}@${randomBytes(2_000).toString('hex')}` };
    await publisher.publishAll([good[0], bad, good[1]].map((event) => ({ topic: Topics.SourceInventoryV1, event })));
    const deadLetter = await recorder.waitFor(
      (m) => m.topic === namespace + Topics.DeadLetterV1 && (m.json as { data: { original: string } }).data.original.includes(bad.id),
    );
    // Refused by Postgres (54000, program limit exceeded), not by validation at the edge.
    expect((deadLetter.json as { data: { stage: string; errorCode: string } }).data).toMatchObject({ stage: 'data-quality', errorCode: 'error-54000' });
    for (const event of good) await recorder.waitFor(scoredOf(event.id));
    expect(recorder.messages.filter(scoredOf(bad.id))).toHaveLength(0);
  });

  it('keeps its known feeds and its inbox across a restart', async () => {
    await service.stop();
    const stoppedAt = new Date().toISOString();
    service = await startService();
    // No new event: the silent feed is still reported, from the persisted statistics.
    const report = await recorder.waitFor(
      healthOf('urn:finance:silent', (h) => h.reportedAt > stoppedAt),
      10_000,
      'a report after the restart',
    );
    expect((report.json as FeedHealth).data.stale).toBe(true);
    await publisher.publish(Topics.SourceInventoryV1, first);
    await waitUntil(async () => (await metric(/governor_data_quality_duplicates_dropped_total\{[^}]*\} (\d+)/)) >= 1, 15_000, 'duplicate after restart');
    expect(recorder.messages.filter(scoredOf(first.id))).toHaveLength(1);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
