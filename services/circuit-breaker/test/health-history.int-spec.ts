// circuit-breaker as a process against real Kafka and Postgres: every domain-health report it
// applies is kept, and `GET /domains/{domain}/health?from=&to=` lists a domain's reports in a time
// range, oldest first, paged (docs/contract.md section 7); reports older than
// BREAKER_HEALTH_KEEP_HOURS are pruned.
import { randomUUID } from 'node:crypto';
import { EventTypes, Topics, type DomainHealthReportedV1 } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { mintToken } from '@governor/auth';
import { createKafka, EventPublisher } from '@governor/messaging';
import { createTopicNamespace, NodeProcess, uniqueSchema } from '@governor/testing';
import { commonEnv, deleteNamespace, dropSchemas, freePort, SECRET, servicePath, sleep, startService } from './harness';

const OPERATOR = { id: 'ops-1', roles: ['operator'] };

interface HealthEntry {
  reportedAt: string;
  health: number;
  staleFeeds: string[];
  reasons: { signal: string }[];
}

jest.setTimeout(60_000);

describe('circuit-breaker health history (process, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: commonEnv('').KAFKA_BROKERS.split(','), clientId: 'breaker-health-test' });
  const admin = kafka.admin();
  const schema = uniqueSchema('cb');
  const port = freePort();
  let namespace = '';
  let publisher: EventPublisher;
  let breaker: NodeProcess | undefined;

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'cbhh');
    publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    breaker = await startService(
      servicePath('circuit-breaker'),
      {
        ...commonEnv(namespace),
        PORT_CIRCUIT_BREAKER: String(port),
        CIRCUIT_BREAKER_DB_SCHEMA: schema,
        CIRCUIT_BREAKER_GROUP_ID: `${namespace}circuit-breaker`,
        BREAKER_HEALTH_KEEP_HOURS: '1',
        BREAKER_HEALTH_PRUNE_INTERVAL_SECONDS: '1',
      },
      port,
    );
  }, 120_000);

  afterAll(async () => {
    await breaker?.stop();
    await publisher?.disconnect();
    await dropSchemas(schema);
    if (namespace) await deleteNamespace(admin, namespace);
    await admin.disconnect();
  });

  async function get(path: string): Promise<{ status: number; body: unknown; next?: string }> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { authorization: `Bearer ${mintToken(SECRET, OPERATOR.id, OPERATOR.roles)}` },
    });
    const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
    return { status: response.status, body: await response.json(), next };
  }

  function report(domain: DomainHealthReportedV1['domain'], health: number, reportedAt: Date): Promise<void> {
    const example = exampleEvent(EventTypes.DomainHealthReportedV1);
    const at = reportedAt.toISOString();
    return publisher.publish(Topics.DomainHealthV1, {
      ...example,
      id: randomUUID(),
      subject: domain,
      time: at,
      data: { ...example.data, domain, health, staleFeeds: [], reasons: example.data.reasons.slice(0, 1), reportedAt: at },
    });
  }

  it('keeps each applied report, lists a range oldest first a page at a time, and prunes the old ones', async () => {
    const now = Date.now();
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1_000);
    // Two hours old: past BREAKER_HEALTH_KEEP_HOURS=1, so stored when applied and then pruned.
    await report('inventory', 0.9, at(7_200));
    await report('inventory', 1, at(30));
    await report('inventory', 0.2, at(20));
    await report('inventory', 0.3, at(10));
    await report('orders', 0.95, at(15));

    const wide = `from=${at(3 * 3_600).toISOString()}&to=${at(-60).toISOString()}`;
    let listed: HealthEntry[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(250)) {
      listed = (await get(`/domains/inventory/health?${wide}&limit=500`)).body as HealthEntry[];
      if (listed.length === 3) break;
    }
    // Oldest first; the two-hour-old report is gone (only pruning removes it: it is in the range).
    expect(listed.map((h) => h.health)).toEqual([1, 0.2, 0.3]);
    expect(listed[0]).toEqual({ reportedAt: at(30).toISOString(), health: 1, staleFeeds: [], reasons: [expect.objectContaining({ signal: 'feed-stale' })] });

    // The default range is the last 24 hours: the same three; a page at a time in the Link header.
    const pages: number[][] = [];
    for (let next: string | undefined = '/domains/inventory/health?limit=2'; next; ) {
      const page = await get(next);
      expect(page.status).toBe(200);
      pages.push((page.body as HealthEntry[]).map((h) => h.health));
      next = page.next;
    }
    expect(pages).toEqual([[1, 0.2], [0.3]]);

    // [from, to): to is exclusive.
    const narrow = await get(`/domains/inventory/health?from=${at(25).toISOString()}&to=${at(10).toISOString()}`);
    expect((narrow.body as HealthEntry[]).map((h) => h.health)).toEqual([0.2]);
    // Each domain's own reports.
    expect(((await get('/domains/orders/health')).body as HealthEntry[]).map((h) => h.health)).toEqual([0.95]);
    // The report at 0.2 tripped inventory: the mode history the console marks on the chart.
    expect(((await get('/domains/inventory/history')).body as { mode: string }[])[0].mode).toBe('manual-fallback');

    const error = async (path: string) => {
      const answer = await get(path);
      return { status: answer.status, code: (answer.body as { error: { code: string } }).error.code };
    };
    expect(await error('/domains/inventory/health?from=yesterday')).toEqual({ status: 400, code: 'invalid-timestamp' });
    expect(await error(`/domains/inventory/health?from=${at(0).toISOString()}&to=${at(60).toISOString()}`)).toEqual({
      status: 400,
      code: 'invalid-range',
    });
    const forged = Buffer.from(JSON.stringify({ at: 'drop table', id: '1' })).toString('base64url');
    expect(await error(`/domains/inventory/health?after=${forged}`)).toEqual({ status: 400, code: 'invalid-cursor' });
    const historyCursor = Buffer.from(JSON.stringify({ id: '1' })).toString('base64url');
    expect(await error(`/domains/inventory/health?after=${historyCursor}`)).toEqual({ status: 400, code: 'invalid-cursor' });
    expect(await error('/domains/nowhere/health')).toEqual({ status: 404, code: 'unknown-domain' });
  });
});
