import { ErpProblem } from './erp-problem';
import { FaultPlan, routeMatches } from './fault-plan';

describe('FaultPlan', () => {
  it('fails the next n matching requests with the status, then lets requests through', () => {
    const plan = new FaultPlan();
    plan.add({ failNext: 2, status: 503, route: 'POST /purchase-orders' });
    expect(plan.take('GET', '/purchase-orders')).toEqual({ delayMs: 0, failure: null });
    expect(plan.take('POST', '/purchase-orders')).toEqual({ delayMs: 0, failure: { status: 503, when: 'before' } });
    expect(plan.take('POST', '/purchase-orders')).toEqual({ delayMs: 0, failure: { status: 503, when: 'before' } });
    expect(plan.take('POST', '/purchase-orders')).toEqual({ delayMs: 0, failure: null });
    expect(plan.list()).toEqual([]);
  });

  it('delays every matching request until reset when no count is given, and fails "after" when asked', () => {
    const plan = new FaultPlan();
    plan.add({ delayMs: 2000 });
    expect(plan.take('PUT', '/orders/SO-1/priority').delayMs).toBe(2000);
    expect(plan.take('DELETE', '/credit-holds/SO-1').delayMs).toBe(2000);
    plan.reset();
    expect(plan.take('DELETE', '/credit-holds/SO-1').delayMs).toBe(0);
    plan.add({ failNext: 1, status: 500, when: 'after', delayMs: 10 });
    expect(plan.take('POST', '/x')).toEqual({ delayMs: 10, failure: { status: 500, when: 'after' } });
    expect(plan.take('POST', '/x')).toEqual({ delayMs: 0, failure: null });
  });

  it('uses the first matching rule, in the order the rules were added', () => {
    const plan = new FaultPlan();
    plan.add({ failNext: 1, status: 400, route: 'POST /stock-transfers/*/receive' });
    plan.add({ failNext: 1, status: 502 });
    expect(plan.take('POST', '/stock-transfers/TR-000001').failure?.status).toBe(502);
    expect(plan.take('POST', '/stock-transfers/TR-000001/receive').failure?.status).toBe(400);
    expect(plan.list()).toEqual([]);
  });

  it('refuses rules that would do nothing or make no sense', () => {
    const plan = new FaultPlan();
    expect(() => plan.add({})).toThrow(ErpProblem);
    expect(() => plan.add({ failNext: 0 })).toThrow(/failNext must be an integer >= 1/);
    expect(() => plan.add({ failNext: 1, delayNext: 1, delayMs: 5 })).toThrow(/not both/);
    expect(() => plan.add({ failNext: 1, status: 302 })).toThrow(/status must be an integer >= 400/);
    expect(() => plan.add({ failNext: 1, when: 'later' })).toThrow(/when must be/);
  });
});

describe('routeMatches', () => {
  it('matches method and path segment by segment, * standing for one segment', () => {
    expect(routeMatches('POST /purchase-orders/*/cancel', 'post', '/purchase-orders/PO-000001/cancel')).toBe(true);
    expect(routeMatches('POST /purchase-orders/*/cancel', 'POST', '/purchase-orders/PO-000001')).toBe(false);
    expect(routeMatches('/purchase-orders', 'GET', '/purchase-orders?idempotencyKey=k')).toBe(true);
    expect(routeMatches('PUT /orders/*/priority', 'POST', '/orders/SO-1/priority')).toBe(false);
    expect(routeMatches(null, 'DELETE', '/anything')).toBe(true);
  });
});
