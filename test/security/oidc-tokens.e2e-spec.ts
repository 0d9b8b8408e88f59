// People's tokens from a real OIDC provider (oidc-provider, started by the test): policy-enforcement
// as a process checks them against the provider's JWKS, issuer and audience. A valid token is
// accepted; an expired one, one meant for another API and a development token are refused with 401,
// a missing role with 403 (refusals in handlers take the same path: run-service.int-spec). Every refusal is counted in /metrics by route
// pattern, status and code, published on internal.security-events.v1 (grouped per actor, route,
// code and minute; the open minute at shutdown) and appended to the audit log when policy-enforcement
// consumes it.
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { Topics, type CloudEvent, type SecurityViolationRecordedV1 } from '@governor/contracts';
import { OidcProvider, type TopicRecorder } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';

jest.setTimeout(180_000);

const API = 'urn:governor:api';
const clients = [
  { id: 'ann-auditor', secret: 'ann-secret-0123456789abcdef0123456789', roles: ['auditor'] },
  { id: 'pia-planner', secret: 'pia-secret-0123456789abcdef0123456789', roles: ['planner'] },
];

interface Answer {
  status: number;
  body: { error?: { code: string } } & Record<string, unknown>;
}

describe('tokens from an OIDC provider (policy-enforcement as a process, real Kafka and Postgres)', () => {
  let provider: OidcProvider;
  let stack: GovernorStack;
  let violations: TopicRecorder;

  beforeAll(async () => {
    provider = await OidcProvider.start({
      clients,
      resources: {
        [API]: { audience: API, ttlSeconds: 300 },
        'urn:governor:api:short-lived': { audience: API, ttlSeconds: 1 },
        'urn:billing:api': { audience: 'urn:billing:api', ttlSeconds: 300 },
      },
    });
    stack = await GovernorStack.start({
      services: ['policy-enforcement'],
      env: { GOVERNOR_JWT_JWKS_URL: await provider.jwksUri(), GOVERNOR_JWT_ISSUER: provider.issuer, GOVERNOR_JWT_AUDIENCE: API },
    });
    violations = await stack.record(Topics.SecurityEventsV1);
  });

  afterAll(async () => {
    await stack?.stop();
    await provider?.stop();
  });

  const call = async (method: string, path: string, token: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${stack.url('policy-enforcement')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const refusals = (metrics: string, route: string, status: number, code: string) =>
    new RegExp(`^governor_http_refusals_total\\{route="${route}",status="${status}",code="${code}"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1];

  it('accepts the provider token, refuses expired, foreign-audience and development tokens (401) and a missing role (403), and counts each', async () => {
    const expiring = await provider.token('ann-auditor', 'urn:governor:api:short-lived');
    const ok = await call('GET', '/audit/verify', await provider.token('ann-auditor', API));
    expect([ok.status, ok.body.ok]).toEqual([200, true]);

    await new Promise((r) => setTimeout(r, 2_100));
    const expired = await call('GET', '/audit/verify', expiring);
    expect([expired.status, expired.body.error?.code]).toEqual([401, 'unauthenticated']);
    const foreign = await call('GET', '/audit/verify', await provider.token('ann-auditor', 'urn:billing:api'));
    expect([foreign.status, foreign.body.error?.code]).toEqual([401, 'unauthenticated']);
    // The development secret means nothing once a provider's keys are configured.
    const development = await call('GET', '/audit/verify', mintToken('governor-dev-secret', 'mallory', ['auditor']));
    expect(development.status).toBe(401);

    const planner = await call('GET', '/audit/verify', await provider.token('pia-planner', API));
    expect([planner.status, planner.body.error?.code]).toEqual([403, 'forbidden']);
    const metrics = await (await fetch(`${stack.url('policy-enforcement')}/metrics`)).text();
    expect(refusals(metrics, 'GET /audit/verify', 401, 'token-expired')).toBe('1');
    expect(refusals(metrics, 'GET /audit/verify', 401, 'wrong-audience')).toBe('1');
    // HS256 is no algorithm of a provider's keys.
    expect(refusals(metrics, 'GET /audit/verify', 401, 'invalid-token')).toBe('1');
    expect(refusals(metrics, 'GET /audit/verify', 403, 'forbidden')).toBe('1');
    expect(metrics).not.toMatch(/governor_http_refusals_total\{route="GET \/audit\/verify",status="200"/);
  });

  it('reports the refusals on internal.security-events.v1 and appends them to the audit log', async () => {
    // Shutdown publishes the minute still open; started again, policy-enforcement consumes them.
    await stack.stopService('policy-enforcement');
    await violations.waitForCount(() => true, 4, 20_000);
    const reported = violations.messages.map((m) => (m.json as CloudEvent<SecurityViolationRecordedV1>).data);
    expect(reported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'policy-enforcement', kind: 'unauthenticated', code: 'token-expired', target: 'GET /audit/verify', actor: null, count: 1 }),
        expect.objectContaining({ kind: 'unauthenticated', code: 'wrong-audience', actor: null, reason: expect.stringMatching(/^invalid token: .*"aud"/) }),
        expect.objectContaining({ kind: 'forbidden', code: 'forbidden', actor: 'pia-planner', reason: 'this needs one of the roles: auditor' }),
      ]),
    );

    await stack.startService('policy-enforcement');
    const pg = new Client({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      const audited = async () =>
        (
          await pg.query<{ actor: string; code: string; count: number }>(
            `SELECT actor, payload->>'code' AS code, (payload->>'count')::int AS count FROM policy_enforcement.audit_log
             WHERE kind = 'security.violation' ORDER BY payload->>'code'`,
          )
        ).rows;
      const deadline = Date.now() + 30_000;
      while ((await audited()).length < reported.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await audited()).toEqual(
        expect.arrayContaining([
          { actor: 'pia-planner', code: 'forbidden', count: 1 },
          { actor: 'anonymous', code: 'token-expired', count: 1 },
          { actor: 'anonymous', code: 'wrong-audience', count: 1 },
        ]),
      );
    } finally {
      await pg.end();
    }
  });
});
