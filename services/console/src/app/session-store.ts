// The console's server-side sessions: the browser holds only a random session id in an httpOnly,
// SameSite=Strict cookie; the token the services accept stays here. In memory: a restarted console
// asks people to sign in again, which is what a console for a handful of operators can afford.
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'governor_session';

export interface Session {
  user: string;
  roles: string[];
  token: string;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(session: Session): string {
    this.prune();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, session);
    return id;
  }

  get(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (session && session.expiresAt <= Date.now()) {
      this.sessions.delete(id as string);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

/** The session id a request's Cookie header names, if any. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, SESSION_COOKIE) || undefined;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
