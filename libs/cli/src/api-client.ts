// A small client of Governor's HTTP APIs for the CLI and the demo: it sends a given token (the
// CLI's GOVERNOR_TOKEN) or mints one for the local user from the configured secret (local use
// only), and turns error answers into readable errors.
import { mintToken } from '@governor/auth';
import type { CliCredentials } from './cli-credentials';

export const DEFAULT_PORTS = {
  'data-quality': 3001,
  'predictive-risk': 3002,
  'policy-enforcement': 3003,
  'execution-adapters': 3004,
  'resilience-monitor': 3005,
  'circuit-breaker': 3006,
  'simulated-erp': 3010,
} as const;
export type ServiceName = keyof typeof DEFAULT_PORTS;

/**
 * Where a service answers: `GOVERNOR_URL_<SERVICE>` when given (each service behind a name of its
 * own, as in Kubernetes or compose), else GOVERNOR_HOST (default 127.0.0.1) and its port.
 */
export function serviceUrl(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const suffix = service.toUpperCase().replace(/-/g, '_');
  const given = env[`GOVERNOR_URL_${suffix}`];
  if (given) return given.replace(/\/+$/, '');
  const host = env.GOVERNOR_HOST ?? '127.0.0.1';
  return `http://${host}:${env[`PORT_${suffix}`] ?? DEFAULT_PORTS[service]}`;
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export class ApiClient {
  constructor(
    private readonly user: string,
    private readonly roles: string[],
    private readonly secret: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Sent as it is instead of a minted token. */
    private readonly fixedToken?: string,
  ) {}

  /** The CLI's client: its own token, or a development token (see cli-credentials.ts). */
  static forCredentials(credentials: CliCredentials, env: NodeJS.ProcessEnv = process.env): ApiClient {
    return credentials.kind === 'token'
      ? new ApiClient('', [], '', env, credentials.token)
      : new ApiClient(credentials.user, credentials.roles, credentials.secret, env);
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env, roles?: string[]): ApiClient {
    const allRoles = ['governance', 'operator', 'auditor', 'approver', 'planner', 'credit-controller'];
    return new ApiClient(
      env.GOVERNOR_USER ?? 'u-local-operator',
      roles ?? (env.GOVERNOR_ROLES ? env.GOVERNOR_ROLES.split(',') : allRoles),
      env.GOVERNOR_JWT_SECRET ?? 'governor-dev-secret',
      env,
    );
  }

  as(user: string, roles: string[]): ApiClient {
    return new ApiClient(user, roles, this.secret, this.env);
  }

  token(): string {
    return this.fixedToken ?? mintToken(this.secret, this.user, this.roles);
  }

  async call<T>(service: ServiceName, method: string, path: string, body?: unknown): Promise<T> {
    return (await this.send<T>(service, method, path, body)).json;
  }

  /**
   * Every item of a paged list (docs/contract.md section 7, "Lists page"): the pages one after
   * another, following each answer's `Link: <...>; rel="next"` until there is none.
   */
  async callAll<T>(service: ServiceName, path: string): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | undefined = path; next !== undefined; ) {
      const page: { json: T[]; link: string | null } = await this.send<T[]>(service, 'GET', next);
      items.push(...page.json);
      next = nextLink(page.link);
    }
    return items;
  }

  private async send<T>(service: ServiceName, method: string, path: string, body?: unknown): Promise<{ json: T; link: string | null }> {
    const response = await fetch(`${serviceUrl(service, this.env)}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiCallError(response.status, error?.code ?? 'http-error', error?.message ?? text);
    }
    return { json: json as T, link: response.headers.get('link') };
  }
}

/** The target of a Link header's rel="next" (RFC 8288), as a path on the same service. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel="?next"?\s*(;|$)/.test(match[2])) return match[1];
  }
  return undefined;
}
