// EventPublisher's producer spans, on a real broker: every record goes out under a span of its own, a
// child of the context its headers carry, and the record then carries that span's context, so the
// consumer's span follows the send. kafkajs is not instrumented; these are the only producer spans.
import { SpanKind, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { currentTraceHeaders } from '@governor/telemetry';
import { useTestTracing } from '@governor/testing';
import { levelReported, MessagingTestKit } from '../../test/messaging-test-kit';

jest.setTimeout(60_000);

/** The span id a record's traceparent names, and its sampled flag. */
function parentOf(traceparent: string | undefined): { traceId?: string; spanId?: string; flags?: string } {
  const [, traceId, spanId, flags] = traceparent?.split('-') ?? [];
  return { traceId, spanId, flags };
}

describe('EventPublisher producer spans (real Kafka)', () => {
  const kit = new MessagingTestKit();
  const exported = new tracing.InMemorySpanExporter();
  let stopTracing: (() => void) | undefined;

  beforeAll(() => kit.start());
  afterAll(() => kit.close());
  afterEach(() => {
    stopTracing?.();
    stopTracing = undefined;
    exported.reset();
  });

  it('sends every record under a producer span of its own, a child of the active span, whose context the record carries', async () => {
    stopTracing = useTestTracing({ spanProcessors: [new tracing.SimpleSpanProcessor(exported)] });
    const [topic, other] = [await kit.topic(), await kit.topic()];
    const recorder = await kit.recorder(topic);
    const otherRecorder = await kit.recorder(other);
    const events = [levelReported('SKU-1@DC-1'), levelReported('SKU-2@DC-1'), levelReported('SKU-3@DC-1')];

    const source = await trace.getTracer('test').startActiveSpan('source system publish', async (span) => {
      await kit.publisher.publishAll([
        ...events.map((event) => ({ topic, event })),
        { topic: other, event: levelReported() },
      ]);
      span.end();
      return span.spanContext();
    });

    const records = await recorder.waitForCount(() => true, 3);
    await otherRecorder.waitForCount(() => true, 1);
    const sends = exported.getFinishedSpans().filter((s) => s.name === `send ${topic}`);
    expect(sends).toHaveLength(3);
    expect(exported.getFinishedSpans().filter((s) => s.name === `send ${other}`)).toHaveLength(1);
    for (const send of sends) {
      expect(send.kind).toBe(SpanKind.PRODUCER);
      expect(send.parentSpanContext?.spanId).toBe(source.spanId);
      expect(send.spanContext().traceId).toBe(source.traceId);
      expect(send.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
      });
    }
    // Each record names its own send span (sampled), not the publisher's span or another record's.
    const named = records.map((r) => parentOf(r.headers.traceparent));
    expect(named.map((n) => n.traceId)).toEqual(records.map(() => source.traceId));
    expect(named.map((n) => n.flags)).toEqual(records.map(() => '01'));
    expect(new Set(named.map((n) => n.spanId))).toEqual(new Set(sends.map((s) => s.spanContext().spanId)));
  });

  it("continues the context a message's headers carry (an outbox row's, captured when it was enqueued), not the active one", async () => {
    stopTracing = useTestTracing({ spanProcessors: [new tracing.SimpleSpanProcessor(exported)] });
    const topic = await kit.topic();
    const recorder = await kit.recorder(topic);
    const tracer = trace.getTracer('test');
    // The change that wrote the row, long over when the relay publishes it.
    const { enqueued, headers } = tracer.startActiveSpan('handle record', (span) => {
      span.end();
      return { enqueued: span.spanContext(), headers: currentTraceHeaders() };
    });
    const relayPass = await tracer.startActiveSpan('relay pass', async (span) => {
      await kit.publisher.sendMessages([
        { topic, message: { key: 'k', value: JSON.stringify(levelReported()), headers } },
      ]);
      span.end();
      return span.spanContext();
    });

    const [record] = await recorder.waitForCount(() => true, 1);
    const [send] = exported.getFinishedSpans().filter((s) => s.name === `send ${topic}`);
    expect(send.parentSpanContext?.spanId).toBe(enqueued.spanId);
    expect(send.parentSpanContext?.spanId).not.toBe(relayPass.spanId);
    expect(parentOf(record.headers.traceparent)).toEqual({
      traceId: enqueued.traceId,
      spanId: send.spanContext().spanId,
      flags: '01',
    });
  });

  it('leaves the headers as they are when the span does not record (tracing off or not sampled)', async () => {
    stopTracing = useTestTracing({
      spanProcessors: [new tracing.SimpleSpanProcessor(exported)],
      sampler: new tracing.AlwaysOffSampler(),
    });
    const topic = await kit.topic();
    const recorder = await kit.recorder(topic);
    const traceparent = await trace
      .getTracer('test')
      .startActiveSpan('source system publish', async (span) => {
        await kit.publisher.publish(topic, levelReported());
        span.end();
        return currentTraceHeaders().traceparent;
      });

    const [record] = await recorder.waitForCount(() => true, 1);
    expect(exported.getFinishedSpans()).toEqual([]);
    // The unsampled context of the publisher's span travels, as it was.
    expect(record.headers.traceparent).toBe(traceparent);
    expect(parentOf(traceparent).flags).toBe('00');
  });
});
