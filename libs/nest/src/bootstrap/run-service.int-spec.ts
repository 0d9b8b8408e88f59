// runService() in a real process: readiness once connected, Prometheus metrics, the token guard
// with {"error": {"code"}} answers, the consumer's fetch settings, the messaging tables pruned past
// their keep times, and a consumer handler whose outbox events reach Kafka.
import path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import {
  createTestTopic,
  freePort,
  NodeProcess,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';

const FIXTURE = path.resolve(__dirname, '../../../../dist/libs/nest/test/fixtures/sample-service.js');
const PORT = freePort();
const SECRET = 'sample-secret';

describe('runService (a service as a process, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'run-service-test' });
  const admin = kafka.admin();
  const publisher = new EventPublisher(kafka);
  const schema = uniqueSchema('svc');
  let service: NodeProcess;
  let recorder: TopicRecorder;
  let topic: string;

  beforeAll(async () => {
    await Promise.all([admin.connect(), publisher.connect()]);
    topic = await createTestTopic(admin, 'svc-in');
    const echoTopic = await createTestTopic(admin, 'svc-out');
    recorder = await TopicRecorder.start(kafka, [echoTopic]);
    service = new NodeProcess(FIXTURE, {
      FIXTURE_SCHEMA: schema,
      FIXTURE_TOPIC: topic,
      FIXTURE_ECHO_TOPIC: echoTopic,
      FIXTURE_GROUP: uniqueName('svc'),
      PORT_SAMPLE_SERVICE: String(PORT),
      GOVERNOR_JWT_SECRET: SECRET,
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_FETCH_MIN_BYTES: '4096',
      KAFKA_FETCH_MAX_WAIT_MS: '100',
      OUTBOX_KEEP_HOURS: '1',
      INBOX_KEEP_HOURS: '2',
      MESSAGING_PRUNE_INTERVAL_SECONDS: '10',
    });
    await service.waitForOutput(/ready on http/);
  });

  afterAll(async () => {
    await service.stop();
    await recorder.stop();
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
    await Promise.all([admin.disconnect(), publisher.disconnect()]);
  });

  const url = (p: string) => `http://127.0.0.1:${PORT}${p}`;

  it('answers liveness, readiness once its consumer joined, and Prometheus metrics without a token', async () => {
    expect((await fetch(url('/health/live'))).status).toBe(200);
    let ready = await fetch(url('/health/ready'));
    for (let i = 0; i < 100 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await fetch(url('/health/ready'));
    }
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, 'kafka-consumer': true } });
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toContain('governor_process_resident_memory_bytes');
    expect(metrics).toContain('governor_nodejs_eventloop_active_seconds_total');
    expect(metrics).toMatch(/^governor_nodejs_heap_size_limit_bytes\{[^}]*\} [1-9]\d{6,}$/m);
    expect(metrics).toContain('governor_consumer_records_total');
  });

  it('fetches as KAFKA_FETCH_MIN_BYTES and KAFKA_FETCH_MAX_WAIT_MS say, and says so at start-up', () => {
    expect(service.output).toMatch(/consumer group svc-[^:]*: a fetch answers once 4096 byte\(s\) are there or after 100 ms/);
  });

  it('refuses calls without a valid token (401) or without the role (403), with an error code', async () => {
    const none = await fetch(url('/whoami'));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'unauthenticated', message: 'missing bearer token' } });

    const forged = await fetch(url('/whoami'), { headers: { authorization: `Bearer ${mintToken('wrong', 'eve', ['auditor'])}` } });
    expect(forged.status).toBe(401);

    const wrongRole = await fetch(url('/whoami'), { headers: { authorization: `Bearer ${mintToken(SECRET, 'bob', ['planner'])}` } });
    expect(wrongRole.status).toBe(403);
    expect(((await wrongRole.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    const ok = await fetch(url('/whoami'), { headers: { authorization: `Bearer ${mintToken(SECRET, 'ann', ['auditor'])}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'ann', roles: ['auditor'] });

    const missing = await fetch(url('/nowhere'), { headers: { authorization: `Bearer ${mintToken(SECRET, 'ann', ['auditor'])}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');

    const own = await fetch(url('/things/t-42/approve'), { method: 'POST', headers: { authorization: `Bearer ${mintToken(SECRET, 'ann', ['auditor'])}` } });
    expect(own.status).toBe(403);

    // Counted by route pattern, status and reason code, the handler's refusal too; the 404 is no refusal.
    const metrics = await (await fetch(url('/metrics'))).text();
    const refusals = (route: string, status: number, code: string) =>
      new RegExp(`^governor_http_refusals_total\\{route="${route}",status="${status}",code="${code}"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1];
    expect(refusals('GET /whoami', 401, 'missing-token')).toBe('1');
    expect(refusals('GET /whoami', 401, 'bad-signature')).toBe('1');
    expect(refusals('GET /whoami', 403, 'forbidden')).toBe('1');
    expect(refusals('POST /things/:id/approve', 403, 'separation-of-duties')).toBe('1');
    expect(metrics).not.toMatch(/governor_http_refusals_total\{[^}]*status="404"/);
  });

  it('hands a retriable handler error to the runner unchanged: retried, not dead-lettered', async () => {
    const deadLetters = await TopicRecorder.start(kafka, [Topics.DeadLetterV1]);
    const event = { ...exampleEvent(EventTypes.InventoryDemandRecordedV1), id: uniqueName('evt') };
    await publisher.publish(topic, event);
    await recorder.waitFor((m) => (m.json as { id: string }).id === `echo-${event.id}`).catch((e: Error) => {
      throw new Error(`${e.message}\n${service.output.slice(-3000)}`);
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(deadLetters.messages.filter((m) => (m.json as { data: { topic: string } }).data.topic === topic)).toHaveLength(0);
    await deadLetters.stop();
  });

  it('prunes sent outbox rows and inbox rows past OUTBOX_KEEP_HOURS and INBOX_KEEP_HOURS, and says so at start-up', async () => {
    expect(service.output).toContain('messaging tables: sent outbox rows kept 1 h, inbox rows 2 h; pruned every 10 s');
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO "${schema}".outbox (topic, value, sent_at) VALUES ('t', 'sent-2-hours-ago', now() - interval '2 hours'), ('t', 'sent-now', now())`,
      );
      await pg.query(
        `INSERT INTO "${schema}".inbox (consumer, source, event_id, type, received_at) VALUES ('c', 's', 'received-3-hours-ago', 'x', now() - interval '3 hours'),
           ('c', 's', 'received-an-hour-ago', 'x', now() - interval '1 hour')`,
      );
      // The next pass comes within the interval (10 s).
      const deadline = Date.now() + 25_000;
      const left = async () => ({
        outbox: (await pg.query<{ value: string }>(`SELECT value FROM "${schema}".outbox WHERE topic = 't' ORDER BY value`)).rows.map((r) => r.value),
        inbox: (await pg.query<{ event_id: string }>(`SELECT event_id FROM "${schema}".inbox WHERE consumer = 'c' ORDER BY event_id`)).rows.map((r) => r.event_id),
      });
      const expected = { outbox: ['sent-now'], inbox: ['received-an-hour-ago'] };
      while (JSON.stringify(await left()) !== JSON.stringify(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await left()).toEqual(expected);
    } finally {
      await pg.end();
    }
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/governor_messaging_pruned_rows_total\{table="outbox"[^}]*\} 1\n/);
    expect(metrics).toMatch(/governor_messaging_pruned_rows_total\{table="inbox"[^}]*\} 1\n/);
  }, 40_000);

  it('handles an event through an @EventPattern handler and relays its outbox event to Kafka', async () => {
    const event = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('evt') };
    await publisher.publish(topic, event);
    const echo = await recorder.waitFor((m) => (m.json as { id: string }).id === `echo-${event.id}`);
    expect(echo.key).toBe(event.subject);
  });
});
