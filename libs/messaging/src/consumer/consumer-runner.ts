// Consumes contract events with the guarantees of DESIGN.md "Reliability mechanisms":
// - validation at the edge: handlers get typed, validated events only; a record that cannot be
//   accepted goes to the dead-letter topic with its reason and the partition moves on;
// - an offset is committed only after its record is handled (autoCommit off);
// - with a database, each record is handled in one transaction together with an inbox claim on
//   (source, id), so a redelivered record is recognised and skipped;
// - an error marked retriable pauses the partition and retries the same record with backoff, never
//   dead-letters it; any other handler error dead-letters the record.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { AnyContractEvent, parse, Topics } from '@governor/contracts';
import { contextFromHeaders } from '@governor/telemetry';
import { crashPoint } from '../crash-point';
import { classifyError } from '../errors/governor-error';
import { Inbox } from '../inbox/inbox';
import { Logger, silentLogger } from '../logger';
import { EventPublisher } from '../producer/event-publisher';
import { BackoffOptions, PartitionBackoff } from './backoff';
import { deadLetterEvent } from './dead-letter';

export interface HandlerContext {
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
  /** The transaction the inbox claim was made in, when the runner has a database. */
  manager?: EntityManager;
}

export type EventHandler = (event: AnyContractEvent, ctx: HandlerContext) => Promise<void>;

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  groupId: string;
  /** Contract topic names; the publisher's namespace is prefixed to subscribe. */
  topics: readonly string[];
  /** Named in dead letters as the stage that refused the record (usually the service name). */
  stage: string;
  handle: EventHandler;
  /** Publishes dead letters; connected by the runner. */
  publisher: EventPublisher;
  database?: { dataSource: DataSource; inbox: Inbox };
  fromBeginning?: boolean;
  retry?: BackoffOptions;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  maxWaitTimeMs?: number;
  logger?: Logger;
  /** Called when the consumer has crashed for good (kafkajs will not restart it). */
  onFatal?: (error: Error) => void;
  /**
   * Called after each record's transaction commits (not for duplicates): the service wakes its
   * outbox relay here, so events the handler enqueued go out at once instead of at the next poll.
   */
  afterCommit?: () => void;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
}

type Outcome = 'done' | 'retry-later';

const tracer = trace.getTracer('@governor/messaging');

export class ConsumerRunner {
  private consumer: Consumer | undefined;
  private readonly backoff: PartitionBackoff;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly logger: Logger;
  private joined = false;
  private crashed = false;
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0 };

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.backoff = new PartitionBackoff(options.retry);
    this.logger = options.logger ?? silentLogger;
  }

  /** Ready once the consumer has joined its group and has not crashed. */
  get ready(): boolean {
    return this.joined && !this.crashed;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    await this.options.publisher.connect();
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.max(1_000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 10)),
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 250,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashed = false;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crashed = true;
      this.logger.error('consumer crashed', { groupId, error: payload.error.message, restart: payload.restart });
      if (!payload.restart) this.options.onFatal?.(payload.error);
    });
    await consumer.connect();
    const namespace = this.options.publisher.namespace;
    await consumer.subscribe({
      topics: topics.map((t) => namespace + t),
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.joined = false;
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    const partitionKey = `${batch.topic}:${batch.partition}`;
    let lastHandled: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const outcome = await this.processRecord(batch.topic, batch.partition, message);
      if (outcome === 'retry-later') {
        await this.commit(batch.topic, batch.partition, lastHandled);
        // Pause this partition only; the record is fetched again when it resumes because its
        // offset was not resolved. Other partitions keep flowing meanwhile.
        const { delayMs, failures } = this.backoff.next(partitionKey, message.offset);
        this.logger.warn('retriable failure: partition paused', {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          failures,
          retryInMs: delayMs,
        });
        const resume = pause();
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          resume();
        }, delayMs);
        this.resumeTimers.add(timer);
        return;
      }
      this.backoff.reset(partitionKey);
      resolveOffset(message.offset);
      lastHandled = message.offset;
      await heartbeat();
    }
    await this.commit(batch.topic, batch.partition, lastHandled);
  }

  private async commit(topic: string, partition: number, lastHandled: string | undefined): Promise<void> {
    if (lastHandled === undefined || !this.consumer) return;
    await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(lastHandled) + 1n).toString() }]);
  }

  private async processRecord(fullTopic: string, partition: number, message: KafkaMessage): Promise<Outcome> {
    // Handlers and the contract see the contract's topic names, never the namespace.
    const topic = fullTopic.slice(this.options.publisher.namespace.length);
    const parsed = parse({ value: message.value, topic });
    if (!parsed.ok) {
      return this.deadLetter(topic, partition, message, parsed.error.code, parsed.error.message);
    }
    const event = parsed.event;
    const parent = contextFromHeaders(message.headers);
    return context.with(parent, () =>
      tracer.startActiveSpan(
        `process ${event.type}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': topic,
            'messaging.kafka.destination.partition': partition,
            'messaging.kafka.message.offset': message.offset,
            'messaging.consumer.group.name': this.options.groupId,
            'cloudevents.event_id': event.id,
            'cloudevents.event_source': event.source,
            'cloudevents.event_type': event.type,
          },
        },
        async (span) => {
          try {
            const ctx: HandlerContext = { topic, partition, offset: message.offset, headers: message.headers ?? {} };
            const outcome = await this.handleEvent(event, ctx, message);
            span.setAttribute('governor.outcome', outcome);
            return outcome;
          } finally {
            span.end();
          }
        },
      ),
    );
  }

  private async handleEvent(event: AnyContractEvent, ctx: HandlerContext, message: KafkaMessage): Promise<Outcome> {
    try {
      const database = this.options.database;
      if (!database) {
        await this.options.handle(event, ctx);
        this.stats.handled++;
        return 'done';
      }
      let duplicate = false;
      await database.dataSource.transaction(async (manager) => {
        if (!(await database.inbox.claim(manager, event))) {
          duplicate = true;
          return;
        }
        await this.options.handle(event, { ...ctx, manager });
      });
      if (duplicate) {
        this.stats.duplicates++;
        this.logger.info('duplicate event skipped', { source: event.source, id: event.id, type: event.type });
      } else {
        this.stats.handled++;
        crashPoint('after-handler-commit');
        this.options.afterCommit?.();
      }
      return 'done';
    } catch (error) {
      const classified = classifyError(error);
      trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: classified.message });
      if (classified.retriable) {
        this.stats.retries++;
        return 'retry-later';
      }
      this.logger.error('handler failed: record dead-lettered', {
        source: event.source,
        id: event.id,
        type: event.type,
        code: classified.code,
        error: classified.message,
      });
      return this.deadLetter(ctx.topic, ctx.partition, message, classified.code, classified.message);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    errorCode: string,
    error: string,
  ): Promise<Outcome> {
    const event = deadLetterEvent(
      { topic, partition, offset: message.offset, key: message.key, value: message.value },
      this.options.stage,
      errorCode,
      error,
    );
    try {
      await this.options.publisher.publish(Topics.DeadLetterV1, event);
      this.stats.deadLettered++;
      this.logger.warn('record dead-lettered', { topic, partition, offset: message.offset, errorCode, error });
      return 'done';
    } catch (publishError) {
      // The dead-letter topic is unreachable: keep the record and try again, never drop it.
      this.logger.warn('dead-letter publish failed; will retry', { error: classifyError(publishError).message });
      this.stats.retries++;
      return 'retry-later';
    }
  }
}
