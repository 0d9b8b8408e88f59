// Test fixture: the predictive-risk service as a child process from the built output, on a fresh
// topic namespace and a fresh schema, with a recorder on the topics the test reads.
import path from 'node:path';
import { type Admin, type Kafka } from 'kafkajs';
import { Client } from 'pg';
import { type ContractEvent, type EventTypes, TOPIC_REGISTRY, Topics } from '@governor/contracts';
import { EventPublisher } from '@governor/messaging';
import {
  createTopicNamespace,
  freePort,
  NodeProcess,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';

const MAIN = path.resolve(__dirname, '../../../dist/services/predictive-risk/src/main.js');

export class RiskService {
  private constructor(
    private child: NodeProcess,
    /** What the process was first started with; a restart starts it again with changes over this. */
    private readonly env: Record<string, string>,
    readonly namespace: string,
    readonly schema: string,
    readonly port: number,
    readonly recorder: TopicRecorder,
    private readonly pg: Client,
    // Its own producer: one that outlives the namespace would keep asking for deleted topics.
    private readonly publisher: EventPublisher,
    private readonly admin: Admin,
  ) {}

  static async start(
    kafka: Kafka,
    recordTopics: string[],
    env: Record<string, string>,
  ): Promise<RiskService> {
    // Its own admin too, for the same reason: it deletes this namespace's topics at the end.
    const admin = kafka.admin();
    await admin.connect();
    const namespace = await createTopicNamespace(admin, 'pr');
    const schema = uniqueSchema('pr');
    const port = freePort();
    const recorder = await TopicRecorder.start(
      kafka,
      recordTopics.map((t) => namespace + t),
    );
    const childEnv = {
      GOVERNOR_TOPIC_NAMESPACE: namespace,
      PREDICTIVE_RISK_DB_SCHEMA: schema,
      PREDICTIVE_RISK_GROUP_ID: uniqueName('governor.predictive-risk'),
      PORT_PREDICTIVE_RISK: String(port),
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      GOVERNOR_JWT_SECRET: 'predictive-risk-test',
      OTEL_SDK_DISABLED: 'true',
      ...env,
    };
    const child = new NodeProcess(MAIN, childEnv);
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    const publisher = new EventPublisher(kafka, { namespace });
    await publisher.connect();
    const service = new RiskService(child, childEnv, namespace, schema, port, recorder, pg, publisher, admin);
    await child.waitForOutput(/ready on http/, 45_000);
    return service;
  }

  get process(): NodeProcess {
    return this.child;
  }

  /**
   * Stops the process and starts it again on the same schema, topics and group, with `env` over
   * the first start's; the caller waits for it to be ready, or to exit.
   */
  async restart(env: Record<string, string>): Promise<NodeProcess> {
    await this.child.stop();
    this.child = new NodeProcess(MAIN, { ...this.env, ...env });
    return this.child;
  }

  /** Publishes scored events on the namespace's internal.quality-scored.v1; returns their ids. */
  async publishScored(events: ContractEvent<typeof EventTypes.QualityEventScoredV1>[]): Promise<string[]> {
    await this.publisher.publishAll(events.map((event) => ({ topic: Topics.QualityScoredV1, event })));
    return events.map((e) => e.id);
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** Polls /health/ready until it answers 200; returns its body. */
  async waitReady(timeoutMs = 20_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(this.url('/health/ready')).catch(() => undefined);
      if (response?.status === 200) return response.json();
      if (Date.now() > deadline)
        throw new Error(`not ready after ${timeoutMs} ms; output:\n${this.process.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pg.query(sql.replaceAll('$schema', `"${this.schema}"`), values)).rows as T[];
  }

  /** Waits until the service's inbox holds every one of `ids` (the scored events' ids). */
  async waitHandled(ids: readonly string[], timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ count }] = await this.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM $schema.inbox WHERE event_id = ANY($1::text[])',
        [ids],
      );
      if (count === ids.length) return;
      if (Date.now() > deadline) throw new Error(`handled ${count} of ${ids.length} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.process.stop();
    await this.recorder.stop();
    await this.publisher.disconnect();
    await this.pg.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.pg.end();
    await this.admin
      .deleteTopics({ topics: TOPIC_REGISTRY.map((spec) => this.namespace + spec.name) })
      .catch(() => undefined);
    await this.admin.disconnect();
  }
}
