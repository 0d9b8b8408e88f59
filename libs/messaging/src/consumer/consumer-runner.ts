// Consumes contract events with the guarantees of docs/design.md "Reliability mechanisms":
// - validation at the edge: handlers get typed, validated events only; a record that cannot be
//   accepted goes to the dead-letter topic with its reason and the partition moves on;
// - an offset is committed only after its record is handled (autoCommit off); with a database,
//   the offsets handled are committed together every `commitIntervalMs` rather than after every
//   batch (offset-commits.ts; a record redelivered after a crash or a rebalance is then recognised
//   by the inbox);
// - with a database, records are handled in a transaction, with an inbox claim on (source, id)
//   for each when there is an inbox, so a redelivered record is recognised and skipped;
// - an error marked retriable pauses the partition and retries the same records with backoff,
//   never dead-letters them; any other handler error dead-letters the record that caused it.
//
// Records are handled in groups of up to `maxBatchRecords` (default 1, a transaction per record):
// the handler is called once per group (received.ts), with the group's transaction, and writes
// what the group changed in a statement per table. A group is one transaction and one commit for
// many records, which is where a consumer's time goes: the group's inbox claims are one statement,
// and what stores defer to the commit (outbox rows, audit entries; see database/commit-hooks.ts) is
// written once for the group. Kafka hands each partition's records over separately; a grouped
// consumer takes every partition of a fetch at once, runs one transaction at a time, and handles
// the partitions' records that arrived in the same turn of the event loop, or while a transaction
// ran, together, up to `maxBatchRecords` (so more partitions do not mean smaller transactions, and
// a service's own groups never wait on each other's locks).
// When a group fails for a reason that is not transient, each partition's records are handled
// again on their own, then record by record, so only the record that fails is dead-lettered and
// the others still commit. A handler that can tell a bad record from the others before it
// does anything with it (a signature that does not verify) returns it as refused instead: it is
// dead-lettered and the rest of the group commits at once, without being handled again.
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { parse } from '@governor/contracts';
import { closeCommitHooks, openCommitHooks, runCommitHooks } from '../database/commit-hooks';
import { crashPoint } from '../crash-point';
import { classifyError } from '../errors/governor-error';
import { Inbox } from '../inbox/inbox';
import { Logger, silentLogger } from '../logger';
import { EventPublisher } from '../producer/event-publisher';
import { BackoffOptions, PartitionBackoff } from './backoff';
import { groupSpan, recordSpan } from './consumer-spans';
import type { GroupHandler, ReceivedEvent, RecordContext, RefusedRecord } from './received';
import { deadLetterRecords, type Refusal } from './dead-letter';
import { GroupQueue, type QueuedGroup } from './group-queue';
import { OffsetCommits } from './offset-commits';
import { PartitionLags } from './partition-lags';

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  groupId: string;
  /** Contract topic names; the publisher's namespace is prefixed to subscribe. */
  topics: readonly string[];
  /** Named in dead letters as the stage that refused the record (usually the service name). */
  stage: string;
  /** Handles each group of records (see GroupHandler). */
  handle: GroupHandler;
  /**
   * Records handled together, in one transaction (default 1), from one or several partitions: a
   * grouped consumer handles what one fetch brought from all its partitions together.
   */
  maxBatchRecords?: number;
  /**
   * The least time between the starts of two transactions of a grouped consumer (default 0): under
   * load the fetch after a transaction then brings what arrived meanwhile, in one larger group
   * (group-queue.ts). A record after a quiet spell longer than this is handled at once.
   */
  groupIntervalMs?: number;
  /** Publishes dead letters; connected by the runner. */
  publisher: EventPublisher;
  /**
   * Each group is handled in a transaction of this database, with an inbox claim on each record
   * when an inbox is given. Without a database a handler gets no transaction.
   */
  database?: { dataSource: DataSource; inbox?: Inbox };
  fromBeginning?: boolean;
  retry?: BackoffOptions;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  maxWaitTimeMs?: number;
  /**
   * Bytes a fetch waits for (up to `maxWaitTimeMs`) before it returns (default 1: at once). A
   * consumer off the latency-critical path sets it high to get records in larger groups.
   */
  minBytes?: number;
  /**
   * How long handled offsets may wait to be committed, gathered into one commit for every
   * partition (default 1,000 ms with a database, whose inbox skips what a crash redelivers; 0
   * without one: a commit after every batch). Saves a broker request per batch at a steady load.
   */
  commitIntervalMs?: number;
  logger?: Logger;
  /** Called when the consumer has crashed for good (kafkajs will not restart it). */
  onFatal?: (error: Error) => void;
  /**
   * Called with the transaction after it commits (not for duplicates only): the service publishes
   * the outbox rows the handler inserted here (OutboxRelay.publishCommitted), at once.
   */
  afterCommit?: (manager: EntityManager) => void;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  retries: number;
  /** Offset commit requests sent (one for every partition waiting, at a flush). */
  commits: number;
}

type Outcome = 'done' | 'retry-later';

/** kafkajs workers of a grouped consumer: more than the partitions any consumer here subscribes to. */
const GROUPED_WORKERS = 256;

interface Accepted {
  received: ReceivedEvent;
  message: KafkaMessage;
}

export class ConsumerRunner {
  private consumer: Consumer | undefined;
  private offsets: OffsetCommits | undefined;
  private readonly backoff: PartitionBackoff;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly logger: Logger;
  private readonly groupSize: number;
  private readonly queue: GroupQueue<Accepted, Refusal[]>;
  private joined = false;
  private crashed = false;
  readonly stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, retries: 0, commits: 0 };
  /** Records behind the end of each assigned partition (see PartitionLags). */
  readonly lag: PartitionLags;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.groupSize = Math.max(1, Math.floor(options.maxBatchRecords ?? 1));
    this.queue = new GroupQueue(this.groupSize, (groups) => this.handleCombined(groups), options.groupIntervalMs ?? 0);
    this.backoff = new PartitionBackoff(options.retry);
    this.logger = options.logger ?? silentLogger;
    this.lag = new PartitionLags(options.publisher.namespace);
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
      minBytes: this.options.minBytes ?? 1,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const intervalMs = Math.max(0, this.options.commitIntervalMs ?? (this.options.database ? 1_000 : 0));
    const offsets = new OffsetCommits(consumer, intervalMs, this.stats, this.logger, groupId);
    this.offsets = offsets;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.crashed = false;
      offsets.keepOnly(payload.memberAssignment);
      this.lag.keepOnly(payload.memberAssignment);
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
      // A grouped consumer takes every partition of a fetch at once and handles them in one
      // transaction (group-queue.ts), so it has a worker for every partition it may be assigned;
      // an ungrouped one runs a transaction per record, a few partitions at a time.
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? (this.groupSize > 1 ? GROUPED_WORKERS : 3),
      // Outside whatever context was active when run() was called: a group's span starts a trace
      // of its own, a record's continues its producer's.
      eachBatch: (payload) => context.with(ROOT_CONTEXT, () => this.processBatch(payload)),
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.offsets?.close();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.offsets = undefined;
    this.joined = false;
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    const partitionKey = `${batch.topic}:${batch.partition}`;
    let lastHandled: string | undefined;
    for (let start = 0; start < batch.messages.length; start += this.groupSize) {
      if (!isRunning() || isStale()) break;
      const group = batch.messages.slice(start, start + this.groupSize);
      const outcome = await this.processGroup(batch.topic, batch.partition, group);
      if (outcome === 'retry-later') {
        await this.offsets?.handled(batch.topic, batch.partition, lastHandled, true);
        // Pause this partition only; the records are fetched again when it resumes because their
        // offsets were not resolved. Other partitions keep flowing meanwhile.
        const { delayMs, failures } = this.backoff.next(partitionKey, group[0].offset);
        this.logger.warn('retriable failure: partition paused', {
          topic: batch.topic,
          partition: batch.partition,
          offset: group[0].offset,
          records: group.length,
          failures,
          retryInMs: delayMs,
        });
        const resume = pause();
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          resume();
        }, delayMs);
        this.resumeTimers.add(timer);
        this.lag.record(batch, lastHandled);
        return;
      }
      this.backoff.reset(partitionKey);
      lastHandled = group[group.length - 1].offset;
      resolveOffset(lastHandled);
      await heartbeat();
    }
    await this.offsets?.handled(batch.topic, batch.partition, lastHandled);
    this.lag.record(batch, lastHandled);
  }

  /** Validates, handles and dead-letters one group of consecutive records of a partition. */
  private async processGroup(fullTopic: string, partition: number, messages: KafkaMessage[]): Promise<Outcome> {
    // Handlers and the contract see the contract's topic names, never the namespace.
    const topic = fullTopic.slice(this.options.publisher.namespace.length);
    const accepted: Accepted[] = [];
    const refused: Refusal[] = [];
    for (const message of messages) {
      // The headers too: a record in CloudEvents binary content mode carries its attributes there.
      const parsed = parse({ value: message.value, topic, headers: message.headers });
      if (parsed.ok) {
        const ctx: RecordContext = { topic, partition, offset: message.offset, headers: message.headers ?? {}, groupId: this.options.groupId };
        accepted.push({ received: { event: parsed.event, ctx }, message });
      } else {
        refused.push({ message, code: parsed.error.code, error: parsed.error.message });
      }
    }
    try {
      refused.push(...(await this.handleTogether(accepted)));
    } catch (error) {
      // Transient (database or broker away): the transaction rolled back; try the group again later.
      this.stats.retries++;
      this.logger.warn('handler failed transiently; will retry', { topic, partition, error: classifyError(error).message });
      return 'retry-later';
    }
    return this.deadLetter(topic, partition, refused);
  }

  /**
   * Grouped consumers: the group waits for the transaction running now, if any, then is handled
   * with the groups of other partitions that waited with it (group-queue.ts).
   */
  private handleTogether(accepted: Accepted[]): Promise<Refusal[]> {
    if (this.groupSize === 1 || accepted.length === 0) return this.handleAccepted(accepted);
    return this.queue.submit(accepted);
  }

  private async handleCombined(groups: QueuedGroup<Accepted, Refusal[]>[]): Promise<void> {
    if (groups.length > 1) {
      try {
        const refused = await this.handleInTransaction(groups.flatMap((g) => g.records));
        for (const group of groups) {
          const own = new Set(group.records.map((a) => a.message));
          group.resolve(refused.filter((r) => own.has(r.message)));
        }
        return;
      } catch (error) {
        if (classifyError(error).retriable) {
          for (const group of groups) group.reject(error);
          return;
        }
      }
    }
    for (const group of groups) await this.handleAccepted(group.records).then(group.resolve, group.reject);
  }

  /** Handles the group in one transaction; on a failure that is not transient, record by record. */
  private async handleAccepted(accepted: Accepted[]): Promise<Refusal[]> {
    if (accepted.length === 0) return [];
    try {
      return await this.handleInTransaction(accepted);
    } catch (error) {
      if (classifyError(error).retriable) throw error;
      if (accepted.length === 1) return [this.refusal(accepted[0], error)];
    }
    const refused: Refusal[] = [];
    for (const one of accepted) {
      try {
        refused.push(...(await this.handleInTransaction([one])));
      } catch (error) {
        if (classifyError(error).retriable) throw error;
        refused.push(this.refusal(one, error));
      }
    }
    return refused;
  }

  private refusal({ received: { event }, message }: Accepted, error: unknown): Refusal {
    const classified = classifyError(error);
    this.logger.error('handler failed: record dead-lettered', {
      source: event.source,
      id: event.id,
      type: event.type,
      code: classified.code,
      error: classified.message,
    });
    return { message, code: classified.code, error: classified.message };
  }

  /**
   * Runs the handler for the records in one transaction with their inbox claims (when there is a
   * database). A lone record's span covers its whole transaction and continues its producer's
   * trace; a group's span covers the transaction and links to every record (a handler that
   * publishes per record runs that record's work in recordSpan). Returns the records the handler
   * refused.
   */
  private async handleInTransaction(accepted: Accepted[]): Promise<Refusal[]> {
    const records = accepted.map((a) => a.received);
    const { fresh, refused, manager } =
      records.length === 1
        ? await recordSpan(records[0], () => this.transact(records))
        : await groupSpan(this.options.groupId, records, () => this.transact(records));
    const refusals = refused.map(({ record, error }) => {
      const one = accepted.find((a) => a.received.event === record.event);
      if (!one) throw new Error('a group handler refused a record that is not in its group');
      return this.refusal(one, error);
    });
    const handledCount = fresh.length - refused.length;
    const handled = new Set(fresh.map((f) => f.event));
    for (const { event } of records.filter((r) => !handled.has(r.event))) {
      this.stats.duplicates++;
      this.logger.info('duplicate event skipped', { source: event.source, id: event.id, type: event.type });
    }
    this.stats.handled += handledCount;
    if (handledCount > 0 && manager) {
      crashPoint('after-handler-commit');
      this.options.afterCommit?.(manager);
    }
    return refusals;
  }

  /**
   * Returns the records that were handled, i.e. not already in the inbox (`fresh`: all of them
   * without one), and those the handler refused.
   */
  private async transact(records: ReceivedEvent[]): Promise<{ fresh: ReceivedEvent[]; refused: readonly RefusedRecord[]; manager?: EntityManager }> {
    const database = this.options.database;
    if (!database) return { fresh: records, refused: (await this.options.handle(records, undefined)) ?? [] };
    const inbox = database.inbox;
    let fresh: ReceivedEvent[] = records;
    let refused: readonly RefusedRecord[] = [];
    let used: EntityManager | undefined;
    await database.dataSource.transaction(async (manager) => {
      used = manager;
      if (inbox) {
        const first = await inbox.claimAll(manager, records.map((r) => r.event));
        fresh = records.filter((_, i) => first[i]);
      }
      if (fresh.length === 0) return;
      // Stores asked to write in this transaction (the outbox, an audit log) write together at its end.
      openCommitHooks(manager);
      try {
        refused = (await this.options.handle(fresh, manager)) ?? [];
        // A refused record was not handled: if its dead letter cannot be published, it comes back.
        if (refused.length > 0 && inbox) await inbox.release(manager, refused.map((r) => r.record.event));
        await runCommitHooks(manager);
      } finally {
        closeCommitHooks(manager);
      }
    });
    return { fresh, refused, manager: used };
  }

  private async deadLetter(topic: string, partition: number, refused: Refusal[]): Promise<Outcome> {
    if (refused.length === 0) return 'done';
    try {
      await this.options.publisher.publishAll(deadLetterRecords(topic, partition, refused, this.options.stage));
    } catch (publishError) {
      // The dead-letter topic is unreachable: keep the records and try again, never drop them.
      this.logger.warn('dead-letter publish failed; will retry', { error: classifyError(publishError).message });
      this.stats.retries++;
      return 'retry-later';
    }
    this.stats.deadLettered += refused.length;
    for (const { message, code, error } of refused) {
      this.logger.warn('record dead-lettered', { topic, partition, offset: message.offset, errorCode: code, error });
    }
    return 'done';
  }
}
