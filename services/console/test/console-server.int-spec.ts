// The console's server as a process (compiled, as `npm start` runs it): health, the development
// sign-in and its cookie, refusals without a session, the refusal to mint when tokens come from an
// identity provider, and a bad setting stopping the process by name. The pass-through to real
// services is shown in test/console (the browser tests, against the whole stack).
import path from 'node:path';
import { freePort, NodeProcess } from '@governor/testing';

const MAIN = path.resolve(__dirname, '../../../dist/services/console/src/main.js');

describe('console server (compiled, as a process)', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
  });

  async function startConsole(env: Record<string, string> = {}): Promise<string> {
    const port = freePort();
    const child = new NodeProcess(MAIN, { PORT_CONSOLE: String(port), ...env });
    started.push(child);
    await child.waitForOutput(/ready on/);
    return `http://127.0.0.1:${port}`;
  }

  it('signs a developer in with a server-side session in an httpOnly, SameSite=Strict cookie', async () => {
    const url = await startConsole();
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const anonymous = await fetch(`${url}/api/policy-enforcement/approvals`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'not-signed-in', message: 'sign in first' } });

    const signIn = await fetch(`${url}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'u-carol', roles: ['approver', 'planner'] }) });
    expect(signIn.status).toBe(201);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^governor_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\//);
    // The browser gets no token, only who it is.
    expect(await signIn.json()).toEqual({ user: 'u-carol', roles: ['approver', 'planner'], mode: 'development' });
    const session = cookie.split(';')[0];
    expect(await (await fetch(`${url}/session`, { headers: { cookie: session } })).json()).toEqual({ user: 'u-carol', roles: ['approver', 'planner'], mode: 'development' });

    expect((await fetch(`${url}/session`, { method: 'DELETE', headers: { cookie: session } })).status).toBe(204);
    expect((await fetch(`${url}/session`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses a sign-in that is not JSON, names no user, or asks for a role that does not exist', async () => {
    const url = await startConsole();
    const post = (body: string, type = 'application/json') => fetch(`${url}/session`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('user=u&roles=planner', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect(await (await post(JSON.stringify({ roles: ['planner'] }))).json()).toMatchObject({ error: { code: 'invalid-sign-in' } });
    expect((await post(JSON.stringify({ user: 'u', roles: ['root'] }))).status).toBe(400);
  });

  it('serves the app for its own routes and its assets with a content security policy', async () => {
    const url = await startConsole();
    const page = await fetch(`${url}/lineage/act-1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${url}${asset}`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/api/simulated-erp/purchase-orders`)).status).toBe(404);
  });

  it('never mints when tokens come from an identity provider: the development sign-in is refused', async () => {
    const url = await startConsole({ GOVERNOR_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', GOVERNOR_OIDC_ISSUER: 'http://127.0.0.1:9', GOVERNOR_OIDC_CLIENT_ID: 'governor-console' });
    expect(await (await fetch(`${url}/session/mode`)).json()).toEqual({ mode: 'oidc' });
    const signIn = await fetch(`${url}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'u-carol', roles: ['planner'] }) });
    expect(signIn.status).toBe(403);
    expect(await signIn.json()).toMatchObject({ error: { code: 'sign-in-with-identity-provider' } });
    expect(signIn.headers.get('set-cookie')).toBeNull();
    // A callback this console did not start is refused.
    const stray = await fetch(`${url}/session/oidc/callback?code=c&state=s`, { redirect: 'manual' });
    expect(stray.status).toBe(400);
    expect(await stray.json()).toMatchObject({ error: { code: 'invalid-sign-in-state' } });
  });

  it('stops at start-up when tokens come from an identity provider that is not named', async () => {
    const child = new NodeProcess(MAIN, { PORT_CONSOLE: String(freePort()), GOVERNOR_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' });
    expect((await child.exited).code).toBe(78);
    expect(child.output).toContain('GOVERNOR_OIDC_ISSUER: is required and not set');
    expect(child.output).toContain('GOVERNOR_OIDC_CLIENT_ID: is required and not set');
  });

  it('stops at start-up on a bad setting, naming it', async () => {
    const child = new NodeProcess(MAIN, { PORT_CONSOLE: '70000', CONSOLE_WEB_DIR: '/nonexistent' });
    expect((await child.exited).code).toBe(78);
    expect(child.output).toContain('PORT_CONSOLE: must be <= 65535');
    expect(child.output).toContain('CONSOLE_WEB_DIR: /nonexistent has no index.html');
  });
});
