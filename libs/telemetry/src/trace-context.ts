// W3C trace context carried in Kafka headers. Events that wait in the outbox are published later,
// from another context: they carry the context of the change that caused them, captured here at
// enqueue time, and the publisher's producer span continues it.
import { context, propagation, Context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type Headers = Record<string, HeaderValue>;
/** W3C trace context as plain string headers (`traceparent`, `tracestate`), to keep or send on. */
export type TraceHeaders = Record<string, string>;

/** The active context as plain string headers (`traceparent`, `tracestate`), empty when none. */
export function currentTraceHeaders(ctx: Context = context.active()): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The remote context that a record's headers describe (ROOT_CONTEXT when they carry none). */
export function contextFromHeaders(headers: Headers | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) carrier[key] = first.toString();
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The trace id of the active span, for log lines; undefined outside a trace. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const id = span?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}

/**
 * Runs `work` in a new span that continues the trace `headers` carry (a trace of its own when they
 * carry none): for work done later on something that kept its trace context, such as a retry run
 * from a timer. The span records a failure of the work.
 */
export function inSpanContinuing<T>(
  headers: Headers | undefined,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  return trace
    .getTracer('@governor/telemetry')
    .startActiveSpan(name, {}, contextFromHeaders(headers), async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
}
