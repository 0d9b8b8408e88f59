// The console's calls: every one goes to its own origin (`/api/<service>/...`), where the console's
// server adds the signed-in person's token. Errors arrive in Governor's shape and are thrown as
// ApiError with their code, so a page can show a 403 `separation-of-duties` as the reason it is.

export type Service = 'policy-enforcement' | 'circuit-breaker' | 'resilience-monitor' | 'execution-adapters' | 'predictive-risk' | 'data-quality';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function send(url: string, init?: { method: string; body?: unknown }): Promise<Response> {
  const response = await fetch(url, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const text = await response.text();
    let error: { code?: string; message?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(response.status, error?.code ?? 'http-error', error?.message ?? (text || response.statusText));
  }
  return response;
}

export async function call<T>(service: Service, path: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await send(`/api/${service}${path}`, { method, body });
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** One page of a paged list and the URL of the next (the `Link: <...>; rel="next"` header), if any. */
export async function page<T>(url: string): Promise<{ items: T[]; next?: string }> {
  const response = await send(url);
  return { items: (await response.json()) as T[], next: nextLink(response.headers.get('link')) };
}

export function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel="?next"?\s*(;|$)/.test(match[2])) return match[1];
  }
  return undefined;
}

export interface SessionInfo {
  user: string;
  roles: string[];
  mode: 'development' | 'oidc';
}

export async function currentSession(): Promise<SessionInfo | undefined> {
  const response = await fetch('/session', { credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as SessionInfo) : undefined;
}

export async function signIn(user: string, roles: string[]): Promise<SessionInfo> {
  return (await (await send('/session', { method: 'POST', body: { user, roles } })).json()) as SessionInfo;
}

export async function signOut(): Promise<void> {
  await send('/session', { method: 'DELETE' });
}

export async function signInMode(): Promise<'development' | 'oidc'> {
  return ((await (await send('/session/mode')).json()) as { mode: 'development' | 'oidc' }).mode;
}

/**
 * The business domains as contracts/src/common/domains.ts names them (copied, not imported: the
 * contracts bring class-validator, which has no place in the browser's bundle).
 */
export const SOURCE_DOMAINS = ['inventory', 'orders', 'procurement', 'credit'] as const;
export const DOMAINS = [...SOURCE_DOMAINS, 'planning'] as const;

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
