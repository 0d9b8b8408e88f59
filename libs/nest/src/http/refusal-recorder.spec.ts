import { Counter, Registry } from 'prom-client';
import { EventTypes, Topics, type CloudEvent, type SecurityViolationRecordedV1 } from '@governor/contracts';
import { RefusalRecorder, type Refusal } from './refusal-recorder';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-04T12:00:00Z');

describe('RefusalRecorder', () => {
  let now: number;
  let published: { topic: string; event: CloudEvent<unknown> }[];
  let registry: Registry;
  let recorder: RefusalRecorder;

  const expired: Refusal = { status: 401, code: 'token-expired', reason: 'invalid token: "exp" claim timestamp check failed', target: 'GET /audit', actor: null, domain: null };
  const forbidden: Refusal = { status: 403, code: 'forbidden', reason: 'this needs one of the roles: operator', target: 'POST /domains/:domain/override', actor: 'pia', domain: 'inventory' };

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    now = T0 + 5_000;
    published = [];
    registry = new Registry();
    const counter = new Counter({ name: 'governor_http_refusals_total', help: 'h', labelNames: ['route', 'status', 'code'], registers: [registry] });
    recorder = new RefusalRecorder({
      serviceName: 'circuit-breaker',
      publisher: { publishAll: async (records) => void published.push(...records) },
      counter,
      now: () => now,
    });
  });

  afterEach(() => jest.useRealTimers());

  const data = () => published.map((p) => p.event.data as SecurityViolationRecordedV1);

  it('counts each refusal by route, status and code', async () => {
    recorder.record(expired);
    recorder.record(expired);
    recorder.record(forbidden);
    const text = await registry.metrics();
    expect(text).toContain('governor_http_refusals_total{route="GET /audit",status="401",code="token-expired"} 2');
    expect(text).toContain('governor_http_refusals_total{route="POST /domains/:domain/override",status="403",code="forbidden"} 1');
  });

  it('reports one event per actor, route, code and minute once the minute has closed', async () => {
    for (let i = 0; i < 500; i++) recorder.record(expired);
    now = T0 + 20_000;
    recorder.record(forbidden);
    recorder.record({ ...forbidden, actor: 'paul' });
    expect(published).toHaveLength(0);
    now = T0 + MINUTE + 10;
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(published.every((p) => p.topic === Topics.SecurityEventsV1 && p.event.type === EventTypes.SecurityViolationRecordedV1)).toBe(true);
    expect(data()).toEqual([
      expect.objectContaining({ kind: 'unauthenticated', code: 'token-expired', target: 'GET /audit', actor: null, count: 500, service: 'circuit-breaker', firstAt: '2026-12-04T12:00:05.000Z', lastAt: '2026-12-04T12:00:05.000Z' }),
      expect.objectContaining({ kind: 'forbidden', actor: 'pia', domain: 'inventory', count: 1 }),
      expect.objectContaining({ kind: 'forbidden', actor: 'paul', count: 1 }),
    ]);
  });

  it('keeps no timer while nothing is open, and publishes open groups on stop', async () => {
    expect(jest.getTimerCount()).toBe(0);
    recorder.record(forbidden);
    expect(jest.getTimerCount()).toBe(1);
    await recorder.stop();
    expect(jest.getTimerCount()).toBe(0);
    expect(data()).toEqual([expect.objectContaining({ actor: 'pia', count: 1 })]);
    now = T0 + 3 * MINUTE;
    recorder.record(expired);
    now = T0 + 4 * MINUTE + 1;
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    expect(data()).toHaveLength(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts a new group when the minute turns', async () => {
    recorder.record(expired);
    now = T0 + MINUTE + 1;
    recorder.record(expired);
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(data()).toEqual([expect.objectContaining({ count: 1 })]);
    expect(recorder.openGroups).toBe(1);
    now = T0 + 2 * MINUTE + 1;
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(data()).toHaveLength(2);
  });
});
