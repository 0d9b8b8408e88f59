// In-process tracing for tests: a tracer provider with the W3C propagator, registered globally,
// so code under test makes real spans and carries their context in Kafka headers. A test that
// reads the spans back gives a span processor (e.g. a SimpleSpanProcessor over an
// InMemorySpanExporter); one that checks what happens when spans do not record gives a sampler.
import { context, propagation, trace } from '@opentelemetry/api';
import { core, node, tracing } from '@opentelemetry/sdk-node';

export function useTestTracing(
  options: { spanProcessors?: tracing.SpanProcessor[]; sampler?: tracing.Sampler } = {},
): () => void {
  const provider = new node.NodeTracerProvider(options);
  provider.register({ propagator: new core.W3CTraceContextPropagator() });
  return () => {
    trace.disable();
    propagation.disable();
    context.disable();
  };
}
