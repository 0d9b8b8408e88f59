// Configuration of execution-adapters, parsed once at start-up; a bad value stops the process
// naming the variable. Times are in milliseconds so tests can make them short.
import { existsSync, readFileSync } from 'node:fs';
import { CommonConfig, EnvReader, loadConfigOrExit, readCommonConfig, readGroupId } from '@governor/config';
import type { JSONWebKeySet } from 'jose';
import { AdapterRoutes, parseRoutes } from './domain/adapter-routes';
import { RetryPolicy } from './domain/retry-policy';

export const SERVICE_NAME = 'execution-adapters';
export const DEFAULT_PORT = 3004;
export const TEST_CRASH_POINTS = ['after-erp-response', 'after-outcome-commit'] as const;
export type TestCrashPoint = (typeof TEST_CRASH_POINTS)[number];

export interface HttpTargetConfig {
  baseUrl: string;
  /** Header that carries the credential, e.g. `authorization` or `x-api-key`. */
  authHeader: string;
  authValue: string | undefined;
  timeoutMs: number;
}

export interface BreakerConfig {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeoutMs: number;
  rollingWindowMs: number;
}

/**
 * Where the keys that sign approved actions come from: policy-enforcement's JWKS endpoint
 * (GOVERNOR_SIGNING_JWKS_URL, fetched and cached; refetched for an unknown kid) or a JWKS file
 * (GOVERNOR_SIGNING_JWKS_FILE, read once at start).
 */
export type SigningKeysSource = { kind: 'url'; url: string } | { kind: 'file'; file: string; jwks: JSONWebKeySet };

export const SigningVariables = { JwksUrl: 'GOVERNOR_SIGNING_JWKS_URL', JwksFile: 'GOVERNOR_SIGNING_JWKS_FILE' } as const;

export interface ExecutionConfig extends CommonConfig {
  schema: string;
  groupId: string;
  /** Finished executions (with their attempts) are deleted this long after their last change (EXECUTIONS_KEEP_DAYS; 0 keeps them). */
  executionsKeepDays: number;
  sessionTimeoutMs: number;
  erp: HttpTargetConfig;
  wms: HttpTargetConfig;
  /**
   * predictive-risk's model registry, where approved model promotions are carried out. Without a
   * credential (EXECUTION_ADAPTERS_MODELS_AUTH_VALUE) and with a local token secret, the service
   * signs itself a short-lived token with role governance for each call.
   */
  models: HttpTargetConfig;
  breaker: BreakerConfig;
  routes: AdapterRoutes;
  retry: RetryPolicy;
  /** How often due retries and abandoned attempts are looked for. */
  retryPollMs: number;
  /** How long an attempt owns its execution; a crashed owner's attempt is taken over after it. */
  leaseMs: number;
  /** How long a handler waits at start-up for the domain modes to be read. */
  modesWaitMs: number;
  testCrashPoint: TestCrashPoint | undefined;
  signingKeys: SigningKeysSource;
}

const PREFIX = 'EXECUTION_ADAPTERS_';

function readTarget(r: EnvReader, name: 'ERP' | 'WMS' | 'MODELS', fallback?: HttpTargetConfig): HttpTargetConfig {
  const v = (setting: string) => `${PREFIX}${name}_${setting}`;
  return {
    baseUrl: r.url(v('BASE_URL'), ['http', 'https'], { default: fallback?.baseUrl ?? 'http://127.0.0.1:3010' }),
    authHeader: r.string(v('AUTH_HEADER'), { default: fallback?.authHeader ?? 'authorization' }).toLowerCase(),
    authValue: r.optionalString(v('AUTH_VALUE')) ?? fallback?.authValue,
    timeoutMs: r.int(v('TIMEOUT_MS'), { default: fallback?.timeoutMs ?? 5_000, min: 50, max: 120_000 }),
  };
}

export function readExecutionConfig(r: EnvReader): ExecutionConfig {
  const common = readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT);
  const erp = readTarget(r, 'ERP');
  const wms = readTarget(r, 'WMS', erp);
  const predictiveRisk = r.int('PORT_PREDICTIVE_RISK', { default: 3002, min: 1, max: 65535 });
  // predictive-risk on its port, with a credential of its own and the ERP's timeout.
  const models = readTarget(r, 'MODELS', {
    baseUrl: `http://127.0.0.1:${predictiveRisk}`,
    authHeader: 'authorization',
    authValue: undefined,
    timeoutMs: erp.timeoutMs,
  });
  let routes = parseRoutes(undefined);
  try {
    routes = parseRoutes(r.optionalString(`${PREFIX}ROUTES`));
  } catch (error) {
    r.problem(`${PREFIX}ROUTES`, (error as Error).message);
  }
  const sessionTimeoutMs = r.int(`${PREFIX}SESSION_TIMEOUT_MS`, { default: 45_000, min: 6_000, max: 300_000 });
  const modesWaitMs = r.int(`${PREFIX}MODES_WAIT_MS`, { default: 5_000, min: 100 });
  const slowest = Math.max(erp.timeoutMs, wms.timeoutMs, models.timeoutMs);
  // The first attempt runs inside the Kafka handler, and heartbeats go out only between groups of
  // records (a group's calls run at once): waiting for the modes plus a transfer (up to five
  // calls: issue, receive, three tries of the reverse) must end before the consumer session does.
  if (modesWaitMs + slowest * 5 >= sessionTimeoutMs) {
    r.problem(
      `${PREFIX}SESSION_TIMEOUT_MS`,
      `must be more than ${PREFIX}MODES_WAIT_MS + 5 x the slowest target timeout (${modesWaitMs} + 5 x ${slowest} ms)`,
    );
  }
  const leaseMs = r.int(`${PREFIX}LEASE_MS`, { default: 60_000, min: 100 });
  if (leaseMs <= slowest * 5) {
    r.problem(`${PREFIX}LEASE_MS`, `must be more than 5 x the slowest target timeout (${slowest} ms)`);
  }
  const baseDelayMs = r.int(`${PREFIX}RETRY_BASE_MS`, { default: 1_000, min: 1 });
  const breaker: BreakerConfig = {
    errorThresholdPercentage: r.number(`${PREFIX}BREAKER_ERROR_PERCENT`, { default: 50, min: 1, max: 100 }),
    volumeThreshold: r.int(`${PREFIX}BREAKER_VOLUME_THRESHOLD`, { default: 10, min: 1 }),
    resetTimeoutMs: r.int(`${PREFIX}BREAKER_RESET_MS`, { default: 10_000, min: 10 }),
    rollingWindowMs: r.int(`${PREFIX}BREAKER_WINDOW_MS`, { default: 10_000, min: 100 }),
  };
  return {
    ...common,
    schema: r.string(`${PREFIX}DB_SCHEMA`, { default: 'execution_adapters' }),
    groupId: readGroupId(r, SERVICE_NAME),
    // An execution row is what makes a redelivered action harmless: keep it far longer than the
    // topics keep their records (Kafka's default is 7 days).
    executionsKeepDays: r.number('EXECUTIONS_KEEP_DAYS', { default: 365, min: 0 }),
    sessionTimeoutMs,
    erp,
    wms,
    models,
    breaker,
    routes,
    retry: {
      maxAttempts: r.int(`${PREFIX}MAX_ATTEMPTS`, { default: 5, min: 1, max: 100 }),
      baseDelayMs,
      maxDelayMs: r.int(`${PREFIX}RETRY_MAX_MS`, { default: 60_000, min: baseDelayMs }),
      circuitResetMs: breaker.resetTimeoutMs,
    },
    retryPollMs: r.int(`${PREFIX}RETRY_POLL_MS`, { default: 5_000, min: 10 }),
    leaseMs,
    modesWaitMs,
    testCrashPoint: r.optionalString(`${PREFIX}TEST_CRASH_POINT`) === undefined ? undefined : r.oneOf(`${PREFIX}TEST_CRASH_POINT`, TEST_CRASH_POINTS),
    signingKeys: readSigningKeysSource(r),
  };
}

function readSigningKeysSource(r: EnvReader): SigningKeysSource {
  const file = r.optionalString(SigningVariables.JwksFile);
  if (file === undefined) {
    const port = r.int('PORT_POLICY_ENFORCEMENT', { default: 3003, min: 1, max: 65535 });
    return { kind: 'url', url: r.url(SigningVariables.JwksUrl, ['http', 'https'], { default: `http://127.0.0.1:${port}/.well-known/jwks.json` }) };
  }
  const none: SigningKeysSource = { kind: 'file', file, jwks: { keys: [] } };
  if (r.optionalString(SigningVariables.JwksUrl) !== undefined) {
    r.problem(SigningVariables.JwksFile, `set either ${SigningVariables.JwksFile} or ${SigningVariables.JwksUrl}, not both`);
    return none;
  }
  if (!existsSync(file)) {
    r.problem(SigningVariables.JwksFile, `${file} does not exist`);
    return none;
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    r.problem(SigningVariables.JwksFile, `${file} is not JSON`);
    return none;
  }
  const keys = (jwks as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null && 'kty' in k)) {
    r.problem(SigningVariables.JwksFile, `${file} is not a JWKS ({"keys": [JWK, ...]} with at least one key)`);
    return none;
  }
  return { kind: 'file', file, jwks: jwks as JSONWebKeySet };
}

export function loadExecutionConfig(): ExecutionConfig {
  return loadConfigOrExit(readExecutionConfig);
}
