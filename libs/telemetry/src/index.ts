// OpenTelemetry for Governor processes: the SDK start-up and W3C trace context in Kafka headers.
export { startTelemetry } from './start-telemetry';
export type { Telemetry } from './start-telemetry';
export { currentTraceHeaders, contextFromHeaders, activeTraceId, inSpanContinuing } from './trace-context';
export type { Headers, HeaderValue, TraceHeaders } from './trace-context';
