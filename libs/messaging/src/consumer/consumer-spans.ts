// The consumer's spans (OpenTelemetry messaging conventions). A record's span continues the trace
// of the producer that sent it (the W3C context in its headers); a group's span, over the
// transaction many records share, is a root of its own linked to each record's context.
import { context, Link, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromHeaders } from '@governor/telemetry';
import { classifyError } from '../errors/governor-error';
import type { ReceivedEvent } from './received';

const tracer = trace.getTracer('@governor/messaging');

/**
 * Runs `work` in a CONSUMER span for one record, child of the record's producer context: what a
 * group handler does for one record of its group (and publishes) continues that record's trace.
 */
export function recordSpan<T>({ event, ctx }: ReceivedEvent, work: () => Promise<T>): Promise<T> {
  const attributes = {
    ...messagingAttributes(ctx.topic, ctx.partition, ctx.groupId),
    'messaging.kafka.message.offset': ctx.offset,
    'cloudevents.event_id': event.id,
    'cloudevents.event_source': event.source,
    'cloudevents.event_type': event.type,
  };
  return context.with(contextFromHeaders(ctx.headers), () => inSpan(`process ${event.type}`, attributes, [], work));
}

/**
 * Runs `work` in a CONSUMER span for a group of records, linked to each. The group may hold
 * records of several partitions, even topics: the span names a topic and a partition only when
 * all its records share it.
 */
export function groupSpan<T>(groupId: string, records: readonly ReceivedEvent[], work: () => Promise<T>): Promise<T> {
  const links: Link[] = records.flatMap(({ ctx }) => {
    const spanContext = trace.getSpanContext(contextFromHeaders(ctx.headers));
    return spanContext ? [{ context: spanContext }] : [];
  });
  const { topic, partition } = records[0].ctx;
  const oneTopic = records.every((r) => r.ctx.topic === topic);
  const onePartition = oneTopic && records.every((r) => r.ctx.partition === partition);
  const attributes = {
    ...messagingAttributes(oneTopic ? topic : undefined, onePartition ? partition : undefined, groupId),
    'messaging.batch.message_count': records.length,
  };
  return inSpan(oneTopic ? `process ${topic}` : 'process', attributes, links, work);
}

function messagingAttributes(topic: string | undefined, partition: number | undefined, groupId: string): Record<string, string | number> {
  return {
    'messaging.system': 'kafka',
    ...(topic === undefined ? {} : { 'messaging.destination.name': topic }),
    ...(partition === undefined ? {} : { 'messaging.kafka.destination.partition': partition }),
    'messaging.consumer.group.name': groupId,
  };
}

function inSpan<T>(name: string, attributes: Record<string, string | number>, links: Link[], work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes, links }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: classifyError(error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
