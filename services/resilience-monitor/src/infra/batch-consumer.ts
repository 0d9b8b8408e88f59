// A Kafka consumer that hands whole batches to one sink call, so the monitor writes a batch of
// facts in one transaction of multi-row INSERTs instead of a transaction per record. It keeps the
// guarantees of @governor/messaging's ConsumerRunner (which hands over one record at a time):
// - validation at the edge with the contract's parse(); a record that cannot be accepted goes to
//   the dead-letter topic with its reason and the partition moves on;
// - offsets are committed only after the batch is written (autoCommit off);
// - a retriable failure pauses the partition and retries the batch with backoff, never dead-letters;
// - any other failure retries the batch record by record and dead-letters only the records that fail.
// The sink must be idempotent (the monitor's rows are keyed by event), which is what makes a batch
// redelivered after a crash harmless without an inbox.
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { parse, Topics, type AnyContractEvent } from '@governor/contracts';
import { classifyError, deadLetterEvent, EventPublisher, PartitionBackoff, type Logger } from '@governor/messaging';

export interface BatchConsumerOptions {
  kafka: Kafka;
  /** Publishes dead letters; its namespace is the one subscribed under. */
  publisher: EventPublisher;
  groupId: string;
  /** Contract topic names. */
  topics: readonly string[];
  /** Named in dead letters as the stage that refused the record. */
  stage: string;
  sink: (events: readonly AnyContractEvent[]) => Promise<void>;
  logger: Logger;
  partitionsConsumedConcurrently?: number;
  /** Called when kafkajs gives up restarting the consumer. */
  onFatal: (error: Error) => void;
}

interface Refused {
  message: KafkaMessage;
  code: string;
  error: string;
}

export class BatchConsumer {
  private consumer: Consumer | undefined;
  private readonly backoff = new PartitionBackoff();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private joined = false;
  private crashed = false;
  readonly stats = { records: 0, batches: 0, deadLettered: 0, retries: 0 };

  constructor(private readonly options: BatchConsumerOptions) {}

  get ready(): boolean {
    return this.joined && !this.crashed;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics, publisher, logger } = this.options;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, allowAutoTopicCreation: false });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashed = false;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crashed = true;
      logger.error('consumer crashed', { groupId, error: payload.error.message, restart: payload.restart });
      if (!payload.restart) this.options.onFatal(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => publisher.namespace + t), fromBeginning: true });
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

  private async processBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const last = batch.messages.at(-1);
    if (!last || !isRunning() || isStale()) return;
    const topic = batch.topic.slice(this.options.publisher.namespace.length);
    const accepted: { event: AnyContractEvent; message: KafkaMessage }[] = [];
    const refused: Refused[] = [];
    for (const message of batch.messages) {
      const parsed = parse({ value: message.value, topic });
      if (parsed.ok) accepted.push({ event: parsed.event, message });
      else refused.push({ message, code: parsed.error.code, error: parsed.error.message });
    }
    const partitionKey = `${batch.topic}:${batch.partition}`;
    try {
      refused.push(...(await this.write(accepted)));
      await this.deadLetter(topic, batch.partition, refused);
    } catch (error) {
      // Transient (database or broker away): keep the whole batch and try again later; writing
      // it twice is harmless. Other partitions keep flowing meanwhile.
      const { delayMs, failures } = this.backoff.next(partitionKey, batch.messages[0].offset);
      this.stats.retries++;
      this.options.logger.warn('batch failed: partition paused', {
        topic,
        partition: batch.partition,
        firstOffset: batch.messages[0].offset,
        failures,
        retryInMs: delayMs,
        error: classifyError(error).message,
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
    resolveOffset(last.offset);
    await this.consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
    this.stats.batches++;
    this.stats.records += batch.messages.length;
    await heartbeat();
  }

  /** Writes the batch; on a failure that is not transient, record by record. Returns the records refused. */
  private async write(accepted: { event: AnyContractEvent; message: KafkaMessage }[]): Promise<Refused[]> {
    if (accepted.length === 0) return [];
    try {
      await this.options.sink(accepted.map((a) => a.event));
      return [];
    } catch (error) {
      if (classifyError(error).retriable) throw error;
    }
    const refused: Refused[] = [];
    for (const { event, message } of accepted) {
      try {
        await this.options.sink([event]);
      } catch (error) {
        const classified = classifyError(error);
        if (classified.retriable) throw error;
        this.options.logger.error('record refused by the sink: dead-lettered', { id: event.id, type: event.type, error: classified.message });
        refused.push({ message, code: classified.code, error: classified.message });
      }
    }
    return refused;
  }

  private async deadLetter(topic: string, partition: number, refused: readonly Refused[]): Promise<void> {
    if (refused.length === 0) return;
    await this.options.publisher.publishAll(
      refused.map(({ message, code, error }) => ({
        topic: Topics.DeadLetterV1,
        event: deadLetterEvent({ topic, partition, offset: message.offset, key: message.key, value: message.value }, this.options.stage, code, error),
      })),
    );
    this.stats.deadLettered += refused.length;
    this.options.logger.warn('records dead-lettered', { topic, partition, count: refused.length });
  }
}
