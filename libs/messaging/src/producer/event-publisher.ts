// Typed publishing of contract events: an idempotent producer (acks=all), the record key is the
// event's subject so one entity's events stay in order on one partition, and the active trace
// context travels in the headers.
//
// Tracing: every record goes out under a producer span of its own, a child of the context its
// headers carry (the active one when it was published, or, for an outbox row, the change that
// caused it), and that span's context replaces it in the headers, so the consumer's span follows
// the send. These are the only producer spans (kafkajs is not instrumented, libs/telemetry): one per
// record, so that each record's consumer continues a span of its own, not one shared by a whole send.
import { propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Kafka, Message, Producer, CompressionTypes } from 'kafkajs';
import { CloudEvent } from '@governor/contracts';
import { contextFromHeaders, currentTraceHeaders } from '@governor/telemetry';
import { classifyError } from '../errors/governor-error';

export interface OutgoingRecord {
  topic: string;
  event: CloudEvent<unknown>;
  /** Extra headers; trace headers of the active context are added unless already present. */
  headers?: Record<string, string>;
}

/** Half the broker's default message.max.bytes: room for headers and batch overhead. */
const MAX_REQUEST_BYTES = 512 * 1024;

export function chunkByBytes(messages: readonly Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = byteLength(message.value) + byteLength(message.key);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

export function toKafkaMessage(event: CloudEvent<unknown>, headers: Record<string, string> = {}): Message {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { ...currentTraceHeaders(), ...headers },
  };
}

export interface PublisherOptions {
  transactionalId?: string;
  /**
   * Prefixed to every topic name (GOVERNOR_TOPIC_NAMESPACE). Empty in production, where the
   * contract's names are used as they are; tests give each run its own set of topics with it.
   */
  namespace?: string;
}

export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;
  readonly namespace: string;

  constructor(kafka: Kafka, options: PublisherOptions = {}) {
    this.namespace = options.namespace ?? '';
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Publishes one event and resolves once every in-sync replica has it (acks=all). */
  async publish(topic: string, event: CloudEvent<unknown>, headers?: Record<string, string>): Promise<void> {
    await this.publishAll([{ topic, event, headers }]);
  }

  /** Publishes many events in as few requests as fit; order is kept per topic and key. */
  async publishAll(records: readonly OutgoingRecord[]): Promise<void> {
    await this.sendMessages(records.map((record) => ({ topic: record.topic, message: toKafkaMessage(record.event, record.headers) })));
  }

  /**
   * Sends serialised messages (e.g. outbox rows), each under its producer span (see the header),
   * per topic in the order given, in requests of at most MAX_REQUEST_BYTES so that no partition's
   * record batch passes the broker's 1 MiB limit.
   */
  async sendMessages(outgoing: readonly { topic: string; message: Message }[]): Promise<void> {
    if (outgoing.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    const spans: Span[] = [];
    for (const { topic, message } of outgoing) {
      const parent = contextFromHeaders(message.headers);
      const span = tracer.startSpan(
        `send ${topic}`,
        { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send' } },
        parent,
      );
      spans.push(span);
      // Not recording (tracing off, or not sampled): the headers keep the context they carry.
      const headers = { ...message.headers };
      if (span.isRecording()) propagation.inject(trace.setSpan(parent, span), headers);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ ...message, headers });
      byTopic.set(topic, messages);
    }
    try {
      for (const [topic, messages] of byTopic) {
        for (const chunk of chunkByBytes(messages, MAX_REQUEST_BYTES)) {
          await this.producer.send({ topic: this.namespace + topic, acks: -1, compression: CompressionTypes.None, messages: chunk });
        }
      }
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: classifyError(error).message });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** sendMessages for messages to one topic. */
  sendRaw(topic: string, messages: readonly Message[]): Promise<void> {
    return this.sendMessages(messages.map((message) => ({ topic, message })));
  }
}

const tracer = trace.getTracer('@governor/messaging');
