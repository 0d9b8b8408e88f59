// The simulated ERP/WMS as a process on a fresh schema: idempotency keys (same key, same record,
// no second one; same key for another request refused), failure injection before and after the
// work, the stock-transfer steps, priorities that keep the previous one, credit holds, and its
// credential check.
import path from 'node:path';
import { Client } from 'pg';
import { freePort, NodeProcess, testDatabaseUrl, uniqueName, uniqueSchema } from '@governor/testing';

const MAIN = path.resolve(__dirname, '../../../dist/services/simulated-erp/src/main.js');
const PORT = freePort();
const AUTH = 'Bearer erp-test-key';
const url = (p: string) => `http://127.0.0.1:${PORT}${p}`;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string } };
  replayed: boolean;
}

async function call(method: string, p: string, body?: unknown, key?: string, auth = AUTH): Promise<Answer> {
  const headers: Record<string, string> = { authorization: auth, 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  const response = await fetch(url(p), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

const order = { supplierId: 'SUP-17', sku: 'SKU-1001', location: 'DC-EAST', quantity: 400, unitCost: 12.5, amount: 5000, needBy: '2025-03-10' };

describe('simulated ERP/WMS (a process on Postgres)', () => {
  const schema = uniqueSchema('erp');
  let erp: NodeProcess;

  beforeAll(async () => {
    erp = new NodeProcess(MAIN, {
      SIMULATED_ERP_DB_SCHEMA: schema,
      PORT_SIMULATED_ERP: String(PORT),
      SIMULATED_ERP_AUTH_VALUE: AUTH,
      DATABASE_URL: testDatabaseUrl(),
      OTEL_SDK_DISABLED: 'true',
    });
    await erp.waitForOutput(/ready on http/);
  });

  afterAll(async () => {
    await erp.stop();
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  it('answers health without a credential and refuses everything else without it', async () => {
    expect((await fetch(url('/health/ready'))).status).toBe(200);
    const refused = await call('GET', '/purchase-orders', undefined, undefined, 'Bearer wrong');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe('unauthenticated');
  });

  it('stores one purchase order per idempotency key and answers repeats with it', async () => {
    const key = uniqueName('key');
    const first = await call('POST', '/purchase-orders', order, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ...order, idempotencyKey: key, status: 'open' });
    expect(first.body.id).toMatch(/^PO-\d{6}$/);
    const again = await call('POST', '/purchase-orders', order, key);
    expect(again).toMatchObject({ status: 200, replayed: true, body: { id: first.body.id } });
    const reused = await call('POST', '/purchase-orders', { ...order, quantity: 1 }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe('idempotency-key-reused');
    const listed = await call('GET', `/purchase-orders?idempotencyKey=${key}`);
    expect((listed.body as unknown as unknown[]).length).toBe(1);

    const cancelled = await call('POST', `/purchase-orders/${first.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ id: first.body.id, status: 'cancelled' });
    expect((await call('POST', `/purchase-orders/${first.body.id}/cancel`)).status).toBe(200);
    expect((await call('GET', '/purchase-orders/PO-999999')).status).toBe(404);
    expect((await call('POST', '/purchase-orders', { ...order, needBy: 'soon' }, uniqueName('key'))).status).toBe(400);
  });

  it('fails or delays on request, before or after doing the work', async () => {
    const before = uniqueName('key');
    await call('POST', '/_control', { failNext: 1, status: 503, route: 'POST /purchase-orders' });
    expect((await call('POST', '/purchase-orders', order, before)).status).toBe(503);
    expect((await call('GET', `/purchase-orders?idempotencyKey=${before}`)).body).toEqual([]);

    const after = uniqueName('key');
    await call('POST', '/_control', { failNext: 2, status: 500, when: 'after', route: 'POST /purchase-orders' });
    expect((await call('POST', '/purchase-orders', order, after)).status).toBe(500);
    expect((await call('POST', '/purchase-orders', order, after)).status).toBe(500);
    const third = await call('POST', '/purchase-orders', order, after);
    expect(third).toMatchObject({ status: 200, replayed: true });
    expect((await call('GET', `/purchase-orders?idempotencyKey=${after}`)).body).toHaveLength(1);

    await call('POST', '/_control', { delayMs: 300, delayNext: 1 });
    const started = Date.now();
    expect((await call('GET', '/orders')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await call('GET', '/_control')).body).toEqual({ rules: [] });
  });

  it('transfers stock in two steps and reverses it', async () => {
    const issued = await call('POST', '/stock-transfers', { sku: 'SKU-1', fromLocation: 'DC-EAST', toLocation: 'DC-WEST', quantity: 5 }, uniqueName('key'));
    expect(issued.body.status).toBe('issued');
    const id = issued.body.id as string;
    expect((await call('POST', `/stock-transfers/${id}/receive`)).body.status).toBe('received');
    expect((await call('POST', `/stock-transfers/${id}/reverse`)).body.status).toBe('reversed');
    const late = await call('POST', `/stock-transfers/${id}/receive`);
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe('stock-transfer-reversed');
  });

  it('changes an order priority keeping the previous one, once per key', async () => {
    const orderId = uniqueName('SO');
    const key = uniqueName('key');
    const changed = await call('PUT', `/orders/${orderId}/priority`, { priority: 'expedite', reason: 'late' }, key);
    expect(changed.body).toMatchObject({ orderId, previousPriority: 'standard', priority: 'expedite' });
    expect((await call('PUT', `/orders/${orderId}/priority`, { priority: 'expedite', reason: 'late' }, key)).replayed).toBe(true);
    await call('PUT', `/orders/${orderId}/priority`, { priority: 'standard' }, uniqueName('key'));
    const held = await call('GET', `/orders/${orderId}`);
    expect(held.body.priority).toBe('standard');
    expect((held.body.history as { previousPriority: string; priority: string }[]).map((h) => [h.previousPriority, h.priority])).toEqual([
      ['standard', 'expedite'],
      ['expedite', 'standard'],
    ]);
  });

  it('holds an order once at a time and releases it once per key', async () => {
    const orderId = uniqueName('SO');
    const hold = { orderId, customerId: 'C-1', amount: 900, reason: 'over limit' };
    expect((await call('POST', '/credit-holds', hold, uniqueName('key'))).status).toBe(201);
    const twice = await call('POST', '/credit-holds', hold, uniqueName('key'));
    expect(twice.status).toBe(409);
    expect(twice.body.error?.code).toBe('order-already-held');
    const releaseKey = uniqueName('key');
    expect((await call('DELETE', `/credit-holds/${orderId}`, undefined, releaseKey)).body).toMatchObject({ status: 'released', releaseKey });
    expect((await call('DELETE', `/credit-holds/${orderId}`, undefined, releaseKey)).replayed).toBe(true);
    expect((await call('DELETE', `/credit-holds/${orderId}`, undefined, uniqueName('key'))).status).toBe(404);
  });
});
