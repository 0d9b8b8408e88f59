// circuit-breaker as a process against real Kafka and Postgres: a domain's mode history paged at
// `GET /domains/{domain}/history` (docs/contract.md section 7, "Lists page"), newest first, the
// next page in the Link header; operator overrides make the history.
import { mintToken } from '@governor/auth';
import { createKafka } from '@governor/messaging';
import { createTopicNamespace, NodeProcess, uniqueSchema } from '@governor/testing';
import { api, commonEnv, deleteNamespace, dropSchemas, freePort, SECRET, servicePath, startService } from './harness';

const OPERATOR = { id: 'ops-1', roles: ['operator'] };

jest.setTimeout(60_000);

describe('circuit-breaker history paging (process, real Kafka and Postgres)', () => {
  const kafka = createKafka({ brokers: commonEnv('').KAFKA_BROKERS.split(','), clientId: 'breaker-history-test' });
  const admin = kafka.admin();
  const schema = uniqueSchema('cb');
  const port = freePort();
  let namespace = '';
  let breaker: NodeProcess | undefined;

  beforeAll(async () => {
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'cbh');
    breaker = await startService(
      servicePath('circuit-breaker'),
      {
        ...commonEnv(namespace),
        PORT_CIRCUIT_BREAKER: String(port),
        CIRCUIT_BREAKER_DB_SCHEMA: schema,
        CIRCUIT_BREAKER_GROUP_ID: `${namespace}circuit-breaker`,
      },
      port,
    );
  }, 120_000);

  afterAll(async () => {
    await breaker?.stop();
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

  it('pages a domain’s mode changes newest first, with no Link after the last page', async () => {
    const reasons = ['one', 'two', 'three', 'four', 'five'];
    for (const [i, reason] of reasons.entries()) {
      const mode = i % 2 === 0 ? 'manual-fallback' : 'automated';
      expect((await api(port, 'POST', '/domains/procurement/override', OPERATOR, { mode, reason })).status).toBe(200);
    }
    const pages: { reason: string }[][] = [];
    for (let next: string | undefined = '/domains/procurement/history?limit=2'; next; ) {
      const page = await get(next);
      expect(page.status).toBe(200);
      pages.push(page.body as { reason: string }[]);
      next = page.next;
    }
    expect(pages.map((p) => p.map((h) => h.reason))).toEqual([
      ['forced by operator: five', 'forced by operator: four'],
      ['forced by operator: three', 'forced by operator: two'],
      ['forced by operator: one'],
    ]);
    // The domain's own view still embeds the latest changes; other domains' history is their own.
    const detail = await get('/domains/procurement');
    expect((detail.body as { history: unknown[] }).history).toHaveLength(5);
    expect((await get('/domains/credit/history')).body).toEqual([]);
    expect((await get('/domains/procurement/history?limit=501')).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ id: 'drop table' })).toString('base64url');
    expect(((await get(`/domains/procurement/history?after=${forged}`)).body as { error: { code: string } }).error.code).toBe('invalid-cursor');
    expect((await get('/domains/nowhere/history')).status).toBe(404);
  });
});
