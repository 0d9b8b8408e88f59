// One ERP/WMS-style REST target over HTTP: base URL, credential header and timeout from
// configuration; the idempotency key as the Idempotency-Key header; the trace context as
// traceparent (injected by the undici instrumentation). 5xx, 408, 429, timeouts and connection errors are retriable; other 4xx are final.
// Each target is guarded by its own call-level circuit breaker (opossum): while it is open, calls
// fail at once as retriable, so a target that is down is not hammered by every retry.
import CircuitBreaker from 'opossum';
import { Logger } from '@governor/messaging';
import { BreakerConfig, HttpTargetConfig } from '../config';
import { AdapterError } from '../domain/adapter';
import { CIRCUIT_OPEN } from '../domain/retry-policy';
import { ErpCall, ErpTransport, IDEMPOTENCY_KEY_HEADER } from '../domain/erp-transport';

export type BreakerState = 'closed' | 'open' | 'half-open';

const RETRIABLE_4XX = new Set([408, 429]);

export class HttpTarget implements ErpTransport {
  private readonly breaker: CircuitBreaker<[ErpCall], unknown>;
  private readonly baseUrl: string;

  constructor(
    readonly name: string,
    private readonly config: HttpTargetConfig,
    breaker: BreakerConfig,
    private readonly logger: Logger,
    /** A credential made for each call (a short-lived token), used when the config names none. */
    private readonly credential?: () => string,
  ) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.breaker = new CircuitBreaker((call: ErpCall) => this.call(call), {
      name,
      // The request's own AbortSignal enforces the timeout and really cancels the call.
      timeout: false,
      errorThresholdPercentage: breaker.errorThresholdPercentage,
      volumeThreshold: breaker.volumeThreshold,
      resetTimeout: breaker.resetTimeoutMs,
      rollingCountTimeout: breaker.rollingWindowMs,
      // A refusal (4xx) says the request was wrong, not that the target is unwell.
      errorFilter: (error: unknown) => error instanceof AdapterError && !error.retriable,
    });
    this.breaker.on('open', () => this.logger.warn('circuit opened: calls to the target are refused for now', { target: name }));
    this.breaker.on('halfOpen', () => this.logger.info('circuit half-open: trying the target again', { target: name }));
    this.breaker.on('close', () => this.logger.info('circuit closed: the target answers again', { target: name }));
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  async send(call: ErpCall): Promise<unknown> {
    try {
      return await this.breaker.fire(call);
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        throw new AdapterError(CIRCUIT_OPEN, true, `the circuit to ${this.name} is open: not called while it recovers`);
      }
      throw new AdapterError('transport-error', true, `${this.name}: ${(error as Error).message}`);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private async call(call: ErpCall): Promise<unknown> {
    const what = `${call.method} ${call.path}`;
    // traceparent is added by the undici instrumentation (libs/telemetry), from the call's own span.
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = call.idempotencyKey;
    const auth = this.config.authValue ?? this.credential?.();
    if (auth !== undefined) headers[this.config.authHeader] = auth;
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.baseUrl + call.path, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new AdapterError('timeout', true, `${this.name} did not answer ${what} within ${this.config.timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new AdapterError('connection-failed', true, `${this.name} unreachable for ${what}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const body = parseJson(text);
    if (status >= 200 && status < 300) return body;
    const detail = errorMessageOf(body) ?? text.slice(0, 200);
    const retriable = status >= 500 || RETRIABLE_4XX.has(status);
    throw new AdapterError(`http-${status}`, retriable, `${this.name} answered ${status} to ${what}: ${detail}`);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The message of a `{"error": {"code", "message"}}` answer, when the target uses that shape. */
function errorMessageOf(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.message !== 'string') return undefined;
  return typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
}
