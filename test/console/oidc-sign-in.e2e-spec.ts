// Signing in to the console at an identity provider (OIDC authorization code with PKCE), in
// Chromium: a real provider (panva's oidc-provider, with its development login and consent pages)
// issues a JWT access token for Governor's APIs; the console checks it as the services do
// (GOVERNOR_JWT_JWKS_URL, issuer, audience), keeps it server-side, and never mints.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort, NodeProcess } from '@governor/testing';
import { launchChromium } from './support/browser';
import { CONSOLE_MAIN } from './support/console-process';

jest.setTimeout(120_000);

describe('console sign-in at an identity provider (Chromium)', () => {
  let provider: NodeProcess;
  let consoleProcess: NodeProcess;
  let browser: Browser;
  let consoleUrl: string;

  beforeAll(async () => {
    const port = freePort();
    consoleUrl = `http://127.0.0.1:${port}`;
    provider = new NodeProcess(path.join(__dirname, 'support/oidc-code-provider.mjs'), {}, [
      JSON.stringify({
        clientId: 'governor-console',
        redirectUri: `${consoleUrl}/session/oidc/callback`,
        resource: 'urn:governor:api',
        audience: 'governor-api',
        roles: { 'u-erin': ['auditor', 'operator'] },
      }),
    ]);
    const ready = /oidc-provider ready (http:\/\/\S+)/;
    await provider.waitForOutput(ready);
    const issuer = ready.exec(provider.output)?.[1] ?? '';
    consoleProcess = new NodeProcess(CONSOLE_MAIN, {
      PORT_CONSOLE: String(port),
      GOVERNOR_JWT_JWKS_URL: `${issuer}/jwks`,
      GOVERNOR_JWT_ISSUER: issuer,
      GOVERNOR_JWT_AUDIENCE: 'governor-api',
      GOVERNOR_OIDC_ISSUER: issuer,
      GOVERNOR_OIDC_CLIENT_ID: 'governor-console',
      GOVERNOR_OIDC_SCOPE: 'openid api',
      GOVERNOR_OIDC_RESOURCE: 'urn:governor:api',
    });
    await consoleProcess.waitForOutput(/ready on .*sign-in: oidc/);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await consoleProcess?.stop();
    await provider?.stop();
  });

  it("signs a person in at the provider and keeps the provider's token server-side", async () => {
    const context = await browser.newContext({ baseURL: consoleUrl });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
    // The provider's own pages: a login (any name; the password is not checked) and a consent.
    await page.locator('input[name="login"]').fill('u-erin');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('.who').textContent()).toContain('u-erin (auditor, operator)');
    expect(page.url()).toBe(`${consoleUrl}/`);

    const session = await page.evaluate(async () => (await fetch('/session')).json());
    expect(session).toEqual({ user: 'u-erin', roles: ['auditor', 'operator'], mode: 'oidc' });
    // The console leaves the browser its session cookie only (httpOnly, so no script reads it; the
    // sign-in's state cookie is gone) and no token. (Cookies ignore ports: the provider's, on the
    // same host, are in the jar too.)
    const cookies = (await context.cookies()).filter((c) => c.name.startsWith('governor_'));
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'governor_session', httpOnly: true, sameSite: 'Strict' }]);
    // (Read structurally: the workspace compiles without the DOM library.)
    const storage = await page.evaluate(() => {
      const g = globalThis as unknown as { localStorage: object; sessionStorage: object };
      return JSON.stringify(g.localStorage) + JSON.stringify(g.sessionStorage);
    });
    expect(storage).not.toMatch(/eyJ/);
    // And the development sign-in stays refused.
    const minted = await page.evaluate(async () => (await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"u-x","roles":["governance"]}' })).status);
    expect(minted).toBe(403);
  });
});
