// Kafka header keys the contract gives a meaning to. W3C Trace Context names, so a consumer
// continues the producer's trace (CONTRACT.md section 1).
export const HeaderKeys = {
  Traceparent: 'traceparent',
  Tracestate: 'tracestate',
} as const;
export type HeaderKey = (typeof HeaderKeys)[keyof typeof HeaderKeys];
