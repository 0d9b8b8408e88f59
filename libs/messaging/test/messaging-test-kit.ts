// Shared set-up for the messaging integration tests: a Kafka client, a fresh topic, a fresh
// schema with the inbox/outbox tables, a recorder on the dead-letter topic, and a started consumer
// runner that the kit stops at the end.
import { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CloudEvent, EventTypes, exampleEvent, Topics } from '@governor/contracts';
import { createTestTopic, testDatabaseUrl, testKafkaBrokers, TopicRecorder, uniqueName, uniqueSchema } from '@governor/testing';
import { ConsumerRunner, ConsumerRunnerOptions, createKafka, EventHandler, EventPublisher, messagingTablesMigration, MigrationClass, openDatabase } from '../src';

/** A valid stock level report with an id of its own. */
export function levelReported(subject = 'SKU-1@DC-1'): CloudEvent<unknown> {
  return { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('evt'), subject };
}

export class MessagingTestKit {
  readonly kafka: Kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'messaging-test' });
  readonly admin: Admin = this.kafka.admin();
  readonly publisher = new EventPublisher(this.kafka);
  private readonly closers: (() => Promise<unknown>)[] = [];

  async start(): Promise<void> {
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
      migrations: [messagingTablesMigration(schema), ...extra(schema)],
      applicationName: 'messaging-test',
    });
    this.closers.push(async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await dataSource.destroy();
    });
    return { dataSource, schema };
  }

  /** A consumer runner on `topic` in a consumer group of its own, started (and stopped at close). */
  async run(topic: string, handle: EventHandler | undefined, extra: Partial<ConsumerRunnerOptions> = {}): Promise<ConsumerRunner> {
    const runner = new ConsumerRunner({
      kafka: this.kafka,
      groupId: uniqueName('group'),
      topics: [topic],
      stage: 'messaging-test',
      handle,
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
