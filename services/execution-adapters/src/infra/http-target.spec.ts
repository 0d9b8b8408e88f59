// The HTTP target against a real local HTTP server: what it sends, how it classifies answers, its
// timeout, and its circuit breaker.
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { silentLogger } from '@governor/messaging';
import { AdapterError } from '../domain/adapter';
import { HttpTarget } from './http-target';

const breaker = { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 60_000, rollingWindowMs: 10_000 };

describe('HttpTarget', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (req.url === '/slow') setTimeout(() => answer(200, {}), 800);
        else if (req.url === '/busy') answer(503, { error: { code: 'busy', message: 'try later' } });
        else if (req.url === '/throttled') answer(429, {});
        else if (req.url === '/bad') answer(400, { error: { code: 'invalid-request', message: 'quantity must be a number' } });
        else answer(201, { id: 'PO-000001' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const target = (overrides: Partial<{ baseUrl: string; timeoutMs: number }> = {}) =>
    new HttpTarget('erp', { baseUrl, authHeader: 'x-api-key', authValue: 'k-1', timeoutMs: 2_000, ...overrides }, breaker, silentLogger);

  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as AdapterError);

  it('sends the idempotency key, the credential and a JSON body, and returns the JSON answer', async () => {
    const t = target();
    await expect(t.send({ method: 'POST', path: '/purchase-orders', body: { sku: 'S' }, idempotencyKey: 'act-1' })).resolves.toEqual({ id: 'PO-000001' });
    const request = seen[seen.length - 1];
    expect(request).toMatchObject({ method: 'POST', url: '/purchase-orders', body: '{"sku":"S"}' });
    expect(request.headers).toMatchObject({ 'idempotency-key': 'act-1', 'x-api-key': 'k-1', 'content-type': 'application/json' });
    t.shutdown();
  });

  it('treats 5xx, 429, timeouts and refused connections as retriable, other 4xx as final', async () => {
    const t = target();
    expect(await failureOf(t.send({ method: 'POST', path: '/busy' }))).toMatchObject({ code: 'http-503', retriable: true, message: 'erp answered 503 to POST /busy: busy: try later' });
    expect(await failureOf(t.send({ method: 'POST', path: '/throttled' }))).toMatchObject({ code: 'http-429', retriable: true });
    expect(await failureOf(t.send({ method: 'POST', path: '/bad' }))).toMatchObject({ code: 'http-400', retriable: false, message: 'erp answered 400 to POST /bad: invalid-request: quantity must be a number' });
    t.shutdown();
    const impatient = target({ timeoutMs: 200 });
    expect(await failureOf(impatient.send({ method: 'GET', path: '/slow' }))).toMatchObject({ code: 'timeout', retriable: true, message: 'erp did not answer GET /slow within 200 ms' });
    impatient.shutdown();
    const closed = target({ baseUrl: 'http://127.0.0.1:1' });
    expect(await failureOf(closed.send({ method: 'GET', path: '/x' }))).toMatchObject({ code: 'connection-failed', retriable: true });
    closed.shutdown();
  });

  it('opens the circuit after enough transient failures and then refuses without calling; 4xx never open it', async () => {
    const refusals = target();
    for (let i = 0; i < 5; i++) await failureOf(refusals.send({ method: 'POST', path: '/bad' }));
    expect(refusals.state).toBe('closed');
    refusals.shutdown();

    const t = target();
    const callsBefore = seen.length;
    for (let i = 0; i < 3; i++) await failureOf(t.send({ method: 'POST', path: '/busy' }));
    expect(t.state).toBe('open');
    const refused = await failureOf(t.send({ method: 'POST', path: '/purchase-orders' }));
    expect(refused).toMatchObject({ code: 'circuit-open', retriable: true });
    expect(seen.length).toBe(callsBefore + 3);
    t.shutdown();
  });
});
