import { apiTarget, rewriteLink } from './pass-through';

const SERVICES = ['policy-enforcement', 'circuit-breaker'] as const;

describe('apiTarget', () => {
  it('names the service and the path with its query', () => {
    expect(apiTarget('/api/policy-enforcement/approvals?status=pending', SERVICES)).toEqual({
      service: 'policy-enforcement',
      path: '/approvals?status=pending',
    });
    expect(apiTarget('/api/circuit-breaker', SERVICES)).toEqual({ service: 'circuit-breaker', path: '/' });
  });

  it('refuses a service it does not pass through to, and paths outside /api', () => {
    expect(apiTarget('/api/simulated-erp/purchase-orders', SERVICES)).toBeUndefined();
    expect(apiTarget('/api/../session', SERVICES)).toBeUndefined();
    expect(apiTarget('/session', SERVICES)).toBeUndefined();
  });
});

describe('rewriteLink', () => {
  it("puts a relative next page under the service's pass-through", () => {
    expect(rewriteLink('</approvals?limit=100&after=abc>; rel="next"', 'policy-enforcement')).toBe(
      '</api/policy-enforcement/approvals?limit=100&after=abc>; rel="next"',
    );
  });

  it('rewrites every link of the header and leaves absolute ones alone', () => {
    expect(rewriteLink('</a>; rel="next", <https://x.example/b>; rel="help"', 'circuit-breaker')).toBe(
      '</api/circuit-breaker/a>; rel="next", <https://x.example/b>; rel="help"',
    );
  });
});
