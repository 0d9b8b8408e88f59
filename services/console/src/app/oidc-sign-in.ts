// Signing in at the organisation's identity provider: the OIDC authorization-code flow with PKCE.
// `GET /session/oidc` sends the person to the provider (its endpoints discovered from the issuer's
// /.well-known/openid-configuration) with a fresh state and S256 challenge; the provider sends them
// back to `GET /session/oidc/callback`, where the code is exchanged, server-side, for an access
// token. The console checks that token as the services do (libs/auth) and keeps it in a session;
// the browser only ever gets the session cookie.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, bearerVerifier, type BearerVerifier } from '@governor/auth';
import type { SignInConfig } from '../config';
import { authorizationUrl, randomToken } from '../domain/pkce';
import { HttpProblem } from './http';
import { cookieValue, sessionCookie, type SessionStore } from './session-store';

type OidcConfig = Extract<SignInConfig, { mode: 'oidc' }>;

/** Binds the callback to the browser that started the sign-in. Lax: the provider's redirect back is a cross-site navigation. */
const STATE_COOKIE = 'governor_oidc_state';
const PENDING_SECONDS = 600;

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
}

export class OidcSignIn {
  private endpoints: Promise<Endpoints> | undefined;
  private readonly pending = new Map<string, { verifier: string; expiresAt: number }>();
  private readonly verify: BearerVerifier;

  constructor(
    private readonly config: OidcConfig,
    private readonly sessions: SessionStore,
    private readonly sessionSeconds: number,
  ) {
    this.verify = bearerVerifier(config.jwt);
  }

  async start(response: ServerResponse): Promise<void> {
    const { authorization_endpoint } = await this.discover();
    const now = Date.now();
    for (const [state, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(state);
    const state = randomToken();
    const verifier = randomToken();
    this.pending.set(state, { verifier, expiresAt: now + PENDING_SECONDS * 1_000 });
    const location = authorizationUrl({ authorizationEndpoint: authorization_endpoint, ...this.config, state, verifier });
    response.writeHead(302, {
      location,
      'cache-control': 'no-store',
      'set-cookie': `${STATE_COOKIE}=${state}; HttpOnly; SameSite=Lax; Path=/session/oidc; Max-Age=${PENDING_SECONDS}`,
    });
    response.end();
  }

  async callback(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const query = new URL(request.url ?? '', 'http://console').searchParams;
    const providerError = query.get('error');
    if (providerError) throw new HttpProblem(401, 'sign-in-failed', `the identity provider answered ${providerError}: ${query.get('error_description') ?? ''}`);
    const state = query.get('state') ?? '';
    const pending = this.pending.get(state);
    this.pending.delete(state);
    if (!pending || pending.expiresAt <= Date.now() || cookieValue(request.headers.cookie, STATE_COOKIE) !== state) {
      throw new HttpProblem(400, 'invalid-sign-in-state', 'this sign-in was not started here, or took too long: start again');
    }
    const token = await this.exchange(query.get('code') ?? '', pending.verifier);
    let user: { id: string; roles: string[] };
    try {
      user = await this.verify(`Bearer ${token.accessToken}`);
    } catch (error) {
      if (error instanceof AuthError) throw new HttpProblem(403, 'token-refused', `the identity provider's token does not pass Governor's check: ${error.message}`);
      throw error;
    }
    const seconds = Math.min(this.sessionSeconds, token.expiresIn ?? this.sessionSeconds);
    const id = this.sessions.create({ user: user.id, roles: user.roles, token: token.accessToken, expiresAt: Date.now() + seconds * 1_000 });
    response.writeHead(302, {
      location: '/',
      'cache-control': 'no-store',
      'set-cookie': [sessionCookie(id, seconds), `${STATE_COOKIE}=; HttpOnly; SameSite=Lax; Path=/session/oidc; Max-Age=0`],
    });
    response.end();
  }

  private async exchange(code: string, verifier: string): Promise<{ accessToken: string; expiresIn?: number }> {
    const { token_endpoint } = await this.discover();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.config.redirectUri, code_verifier: verifier, client_id: this.config.clientId });
    if (this.config.resource !== undefined) form.set('resource', this.config.resource);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.config.clientSecret !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString('base64')}`;
    }
    const answer = await fetch(token_endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(15_000) });
    const body = (await answer.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
    if (!answer.ok || typeof body.access_token !== 'string') {
      throw new HttpProblem(401, 'sign-in-failed', `the identity provider refused the code: ${String(body.error ?? answer.status)} ${String(body.error_description ?? '')}`.trim());
    }
    return { accessToken: body.access_token, ...(typeof body.expires_in === 'number' ? { expiresIn: body.expires_in } : {}) };
  }

  /** The provider's endpoints, fetched once (and again after a failure). */
  private discover(): Promise<Endpoints> {
    this.endpoints ??= (async () => {
      const url = `${this.config.issuer}/.well-known/openid-configuration`;
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const document = (await answer.json()) as Partial<Endpoints>;
      if (!answer.ok || typeof document.authorization_endpoint !== 'string' || typeof document.token_endpoint !== 'string') {
        throw new Error(`${url} answered ${answer.status} without authorization_endpoint and token_endpoint`);
      }
      return { authorization_endpoint: document.authorization_endpoint, token_endpoint: document.token_endpoint };
    })().catch((error: Error) => {
      this.endpoints = undefined;
      throw new HttpProblem(502, 'identity-provider-unavailable', `the identity provider could not be reached: ${error.message}`);
    });
    return this.endpoints;
  }
}
