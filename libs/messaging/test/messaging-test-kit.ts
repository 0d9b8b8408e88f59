// Shared set-up for the messaging integration tests: a Kafka client, a fresh topic, a fresh
// schema with the inbox/outbox tables, a recorder on the dead-letter topic (and how to pick a test's
// own dead letters from it), a started consumer runner and an outbox relay that the kit stops at the
// end, and test tracing while the kit is open.
import { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CloudEvent, DeadLetterV1, EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createTestTopic, RecordedMessage, testDatabaseUrl, testKafkaBrokers, TopicRecorder, uniqueName, uniqueSchema, useTestTracing } from '@governor/testing';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, ConsumerRunnerOptions, createKafka, eachRecord, EventPublisher, messagingMigrations, MigrationClass, openDatabase, Outbox, OutboxRelay } from '../src';
import type { ReceivedEvent, RecordContext } from '../src';

/** What the tests handle one record at a time with: the event, where it came from, the transaction. */
export type RecordHandler = (event: ReceivedEvent['event'], ctx: RecordContext, manager: EntityManager | undefined) => Promise<void>;

/** A group handler calling `handle` for each record of the group. */
export function perRecord(handle: RecordHandler): ConsumerRunnerOptions['handle'] {
  return (records, manager) => eachRecord(records, manager, ({ event, ctx }, m) => handle(event, ctx, m));
}

/** A valid stock level report with an id of its own. */
export function levelReported(subject = 'SKU-1@DC-1'): CloudEvent<unknown> {
  return { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('evt'), subject };
}

/** Whether a recorded dead letter is of a record from `topic` (the recorder sees every test's). */
export function deadLetterFrom(topic: string): (m: RecordedMessage) => boolean {
  return (m) => deadLetterOf(m).topic === topic;
}

/** What a recorded dead letter says. */
export function deadLetterOf(m: RecordedMessage): DeadLetterV1 {
  return (m.json as CloudEvent<DeadLetterV1>).data;
}

export class MessagingTestKit {
  readonly kafka: Kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'messaging-test' });
  readonly admin: Admin = this.kafka.admin();
  readonly publisher = new EventPublisher(this.kafka);
  private readonly closers: (() => Promise<unknown>)[] = [];

  /** With `tracing`, test tracing is on until close(). */
  async start(options: { tracing?: boolean } = {}): Promise<void> {
    if (options.tracing) {
      const stopTracing = useTestTracing();
      this.onClose(async () => stopTracing());
    }
    await this.admin.connect();
    await this.publisher.connect();
  }

  async topic(partitions = 1): Promise<string> {
    return createTestTopic(this.admin, 'msg', partitions);
  }

  async deadLetters(): Promise<TopicRecorder> {
    const recorder = await TopicRecorder.start(this.kafka, [Topics.DeadLetterV1]);
    this.closers.push(() => recorder.stop());
    return recorder;
  }

  async recorder(topic: string): Promise<TopicRecorder> {
    const recorder = await TopicRecorder.start(this.kafka, [topic]);
    this.closers.push(() => recorder.stop());
    return recorder;
  }

  /** A fresh schema with the messaging tables and any extra migrations. */
  async database(extra: (schema: string) => MigrationClass[] = () => []): Promise<{ dataSource: DataSource; schema: string }> {
    const schema = uniqueSchema('msg');
    const dataSource = await openDatabase({
      url: testDatabaseUrl(),
      schema,
      migrations: [...messagingMigrations(schema), ...extra(schema)],
      applicationName: 'messaging-test',
    });
    this.closers.push(async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await dataSource.destroy();
    });
    return { dataSource, schema };
  }

  /**
   * A fresh schema's outbox and a relay on it, started (and stopped at close), its first pass done
   * and its poll a minute away: the test says when passes run (relayOnce) and what a transaction
   * committed (publishCommitted).
   */
  async relay(): Promise<{ dataSource: DataSource; schema: string; outbox: Outbox; relay: OutboxRelay }> {
    const { dataSource, schema } = await this.database();
    const outbox = new Outbox(schema);
    const relay = new OutboxRelay({ dataSource, outbox, publisher: this.publisher, pollIntervalMs: 60_000 });
    relay.start();
    this.onClose(() => relay.stop());
    // The pass start() asks for (a timer at once) is queued before this one.
    await new Promise((r) => setTimeout(r, 10));
    await relay.relayOnce();
    return { dataSource, schema, outbox, relay };
  }

  /** A consumer runner on `topic` in a consumer group of its own, started (and stopped at close). */
  /** `handle` handles a record at a time; `extra.handle` replaces it with a group handler. */
  async run(topic: string, handle: RecordHandler | undefined, extra: Partial<ConsumerRunnerOptions> = {}): Promise<ConsumerRunner> {
    const runner = new ConsumerRunner({
      kafka: this.kafka,
      groupId: uniqueName('group'),
      topics: [topic],
      stage: 'messaging-test',
      handle: perRecord(handle ?? (async () => undefined)),
      publisher: this.publisher,
      retry: { initialDelayMs: 100, maxDelayMs: 500 },
      ...extra,
    });
    this.onClose(() => runner.stop());
    await runner.start();
    return runner;
  }

  onClose(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
    await this.publisher.disconnect();
    await this.admin.disconnect();
  }
}
