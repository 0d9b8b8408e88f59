// Starts OpenTelemetry for one Governor process. It must run before kafkajs, pg and http are first
// imported (the instrumentations patch them as they load), so each service's main.ts imports its
// tracing file first. Exporting is configured by the standard OTEL_* variables: with
// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, spans go there over
// OTLP/HTTP through a batch processor. Without it nothing is recorded and pg is not instrumented
// (spans nobody sees are not worth their CPU), but trace context still travels: each span keeps its
// trace id and gets a span id, so events carry it in their Kafka headers and log lines name it,
// marked unsampled (flags 00). kafkajs is never instrumented: @governor/messaging makes the Kafka
// spans itself (a producer span per record sent, in EventPublisher; a consumer span per record and
// per group handled, in the consumer runner) and carries their context in the headers.
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/**
 * The sampling Governor recommends in production (README, "Traces for SREs"; the Kubernetes
 * manifests set it): one trace in ten is recorded and exported whole, since a service keeps the
 * decision its upstream made (parent-based). The others cost a trace id and no span. The bench
 * measures R_otel with these settings.
 */
export const PRODUCTION_TRACE_SAMPLING = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' } as const;

export interface Telemetry {
  exporting: boolean;
  shutdown(): Promise<void>;
}

export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (env.OTEL_SDK_DISABLED === 'true') {
    return { exporting: false, shutdown: async () => undefined };
  }
  // Governor pushes traces only; metrics are scraped from each service's /metrics. The standard
  // variables still win when an operator sets them.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporting = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const spanProcessor = exporting
    ? new tracing.BatchSpanProcessor(new OTLPTraceExporter())
    : new tracing.NoopSpanProcessor();
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    spanProcessors: [spanProcessor],
    // Exporting: the standard sampler (OTEL_TRACES_SAMPLER, by default every trace).
    ...(exporting ? {} : { sampler: new tracing.AlwaysOffSampler() }),
    instrumentations: [
      // http and fetch() (Node's undici: the calls execution-adapters makes to the systems of
      // record) also carry trace context in and out, so they stay when nothing is exported.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isProbe(req.url) }),
      new UndiciInstrumentation(),
      // pg only makes spans (a span per statement, under the span of the work that runs it): without
      // an exporter it would wrap every statement for nothing. No span for taking a pooled
      // connection (one per transaction): the statements' spans say it all.
      ...(exporting ? [new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true })] : []),
    ],
  });
  sdk.start();
  return {
    exporting,
    shutdown: () => sdk.shutdown(),
  };
}

/** Health probes and metric scrapes every few seconds would drown the real traces. */
function isProbe(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url.startsWith('/metrics'));
}
