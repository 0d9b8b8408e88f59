// OpenTelemetry for Governor processes: the SDK start-up, W3C trace context in Kafka headers, and
// the Prometheus series every process serves about itself.
export { startTelemetry, PRODUCTION_TRACE_SAMPLING } from './start-telemetry';
export type { Telemetry } from './start-telemetry';
export { currentTraceHeaders, contextFromHeaders, activeTraceId, inSpanContinuing } from './trace-context';
export type { Headers, HeaderValue, TraceHeaders } from './trace-context';
export { registerProcessMetrics, mirroredCounter, EVENT_LOOP_ACTIVE_METRIC, METRIC_PREFIX } from './process-metrics';
export type { ObserveCount } from './process-metrics';
