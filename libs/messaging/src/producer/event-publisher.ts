// Typed publishing of contract events: an idempotent producer (acks=all), the record key is the
// event's subject so one entity's events stay in order on one partition, and the active trace
// context travels in the headers.
import { Kafka, Message, Producer, CompressionTypes } from 'kafkajs';
import { CloudEvent } from '@governor/contracts';
import { currentTraceHeaders } from '@governor/telemetry';

export interface OutgoingRecord {
  topic: string;
  event: CloudEvent<unknown>;
  /** Extra headers; trace headers of the active context are added unless already present. */
  headers?: Record<string, string>;
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

  /** Publishes many events in one request per topic; order is kept per topic and key. */
  async publishAll(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push(toKafkaMessage(record.event, record.headers));
      byTopic.set(record.topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: this.namespace + topic, messages })),
    });
  }

  /** Sends raw messages (already serialised), e.g. from the outbox relay. */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic: this.namespace + topic, acks: -1, messages });
  }
}
