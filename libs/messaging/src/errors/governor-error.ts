// Errors that say whether trying again can help. The consumer runner decides retry versus
// dead-letter from the `retriable` flag alone (docs/style.md), so every failure must end up with one:
// our own errors carry it, and classifyError() infers it for errors thrown by pg, TypeORM and kafkajs.

export abstract class GovernorError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;
}

/** A transient failure: the same work may succeed later (database or broker briefly away). */
export class RetriableError extends GovernorError {
  readonly retriable = true;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/** A failure that will repeat for the same input: the record goes to the dead-letter topic. */
export class NonRetriableError extends GovernorError {
  readonly retriable = false;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

export interface ClassifiedError {
  code: string;
  retriable: boolean;
  message: string;
}

// Node socket errors: the other side is away or the network is, not the input.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

// PostgreSQL SQLSTATE classes and codes worth retrying: connection exceptions (08), serialization
// failure and deadlock (40001, 40P01), insufficient resources (53), operator intervention such as
// pg_terminate_backend (57P01..57P03), and lock timeouts (55P03).
function isRetriablePgCode(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code === '40001' ||
    code === '40P01' ||
    code === '55P03' ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    // object_not_in_prerequisite_state: e.g. a database not accepting connections for a while.
    code === '55000'
  );
}

const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /connection is closed/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection/i,
  /Cannot use a pool after calling end/i,
  // TypeORM's QueryRunnerAlreadyReleasedError: the connection under a transaction was lost.
  /query runner (was )?already released/i,
  /is not currently accepting connections/i,
];

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof GovernorError) {
    return { code: error.code, retriable: error.retriable, message: error.message };
  }
  const err = error as { code?: unknown; retriable?: unknown; name?: unknown; message?: unknown; driverError?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(error);
  // TypeORM wraps driver errors (QueryFailedError.driverError): judge the driver's error.
  if (err?.driverError) {
    const inner = classifyError(err.driverError);
    if (inner.retriable) return { ...inner, message };
  }
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code && NETWORK_CODES.has(code)) return { code: 'network-unavailable', retriable: true, message };
  if (code && /^[0-9A-Z]{5}$/.test(code) && isRetriablePgCode(code)) {
    return { code: `postgres-${code}`, retriable: true, message };
  }
  // kafkajs errors carry their own retriable flag (KafkaJSError.retriable).
  if (typeof err?.name === 'string' && err.name.startsWith('KafkaJS') && typeof err.retriable === 'boolean') {
    return { code: 'kafka-error', retriable: err.retriable, message };
  }
  if (TRANSIENT_MESSAGES.some((re) => re.test(message))) {
    return { code: 'connection-lost', retriable: true, message };
  }
  return { code: code ? `error-${code}` : 'handler-failed', retriable: false, message };
}
