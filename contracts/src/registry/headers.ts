// Kafka header keys the contract gives a meaning to. W3C Trace Context names, so a consumer
// continues the producer's trace (docs/contract.md section 1), and the CloudEvents Kafka protocol
// binding 1.0's, by which a record says its content mode and, in binary mode, carries the event's
// attributes (see content-mode.ts).
export const HeaderKeys = {
  Traceparent: 'traceparent',
  Tracestate: 'tracestate',
  ContentType: 'content-type',
} as const;
export type HeaderKey = (typeof HeaderKeys)[keyof typeof HeaderKeys];

/** Binary content mode: attribute `type` travels in header `ce_type`, and so on. */
export const CLOUDEVENTS_HEADER_PREFIX = 'ce_';

/** A `content-type` starting with this says the record is in structured content mode. */
export const CLOUDEVENTS_MEDIA_TYPE = 'application/cloudevents';
/** The one structured event format Governor reads (and the one it writes). */
export const CLOUDEVENTS_JSON_MEDIA_TYPE = 'application/cloudevents+json';
