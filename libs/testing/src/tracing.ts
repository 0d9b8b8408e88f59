// In-process tracing for tests: a tracer provider with the W3C propagator, registered globally,
// so code under test makes real spans and carries their context in Kafka headers.
import { context, propagation, trace } from '@opentelemetry/api';
import { core, node } from '@opentelemetry/sdk-node';

export function useTestTracing(): () => void {
  const provider = new node.NodeTracerProvider();
  provider.register({ propagator: new core.W3CTraceContextPropagator() });
  return () => {
    trace.disable();
    propagation.disable();
    context.disable();
  };
}
