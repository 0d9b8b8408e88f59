// Signing in and out (`/session`). With the local development secret, `POST /session {user, roles}`
// mints a token for that person here, server-side, and the sign-in form says it is for development.
// With a public key or an identity provider configured the console never mints: that sign-in is
// refused with 403 `sign-in-with-identity-provider`, and people sign in there (oidc-sign-in.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mintToken } from '@governor/auth';
import type { SignInConfig } from '../config';
import { parseSignIn, SignInError } from '../domain/sign-in';
import { HttpProblem, readJson, requireJson, sendJson } from './http';
import { clearedSessionCookie, sessionCookie, sessionIdOf, type SessionStore } from './session-store';

export class SessionRoutes {
  constructor(
    private readonly signIn: SignInConfig,
    private readonly sessions: SessionStore,
    private readonly sessionSeconds: number,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const id = sessionIdOf(request.headers.cookie);
    switch (request.method) {
      case 'GET': {
        const session = this.sessions.get(id);
        if (!session) throw new HttpProblem(401, 'not-signed-in', `sign in first (${this.signIn.mode})`);
        return sendJson(response, 200, { user: session.user, roles: session.roles, mode: this.signIn.mode });
      }
      case 'POST':
        return this.create(request, response);
      case 'DELETE':
        this.sessions.delete(id);
        return sendJson(response, 204, undefined, { 'set-cookie': clearedSessionCookie() });
      default:
        throw new HttpProblem(405, 'method-not-allowed', `${request.method} /session is not supported`);
    }
  }

  /** What the sign-in page needs before anyone has signed in. */
  mode(response: ServerResponse): void {
    sendJson(response, 200, { mode: this.signIn.mode });
  }

  private async create(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.signIn.mode !== 'development') {
      throw new HttpProblem(403, 'sign-in-with-identity-provider', "tokens come from the organisation's identity provider here: sign in at GET /session/oidc");
    }
    requireJson(request);
    let person: ReturnType<typeof parseSignIn>;
    try {
      person = parseSignIn(await readJson(request));
    } catch (error) {
      if (error instanceof SignInError) throw new HttpProblem(400, error.code, error.message);
      throw error;
    }
    const token = mintToken(this.signIn.secret, person.user, person.roles, this.sessionSeconds);
    this.sessions.delete(sessionIdOf(request.headers.cookie));
    const id = this.sessions.create({ ...person, token, expiresAt: Date.now() + this.sessionSeconds * 1_000 });
    sendJson(response, 201, { ...person, mode: this.signIn.mode }, { 'set-cookie': sessionCookie(id, this.sessionSeconds) });
  }
}
