// Kafka helpers for integration tests: a fresh topic per test, and a recorder that reads a topic
// from the beginning so a test can wait for the record it expects, with a timeout.
import { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { TOPIC_REGISTRY } from '@governor/contracts';
import { uniqueName } from './environment';

export async function createTestTopic(admin: Admin, prefix = 'test', partitions = 1): Promise<string> {
  const topic = uniqueName(prefix);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  return topic;
}

export interface RecordedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The value parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The record's Kafka timestamp (when its producer created it), in ms since the epoch. */
  timestamp: number;
}

export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private waiters: (() => void)[] = [];
  /** The highest offset recorded per `topic:partition`. */
  private readonly highest = new Map<string, bigint>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    private readonly stopConsumer: () => Promise<void>,
  ) {}

  static async start(kafka: Kafka, topics: string[]): Promise<TopicRecorder> {
    const consumer = kafka.consumer({ groupId: uniqueName('recorder'), maxWaitTimeInMs: 100 });
    const recorder = new TopicRecorder(kafka, topics, () => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        recorder.push(topic, partition, message);
      },
    });
    return recorder;
  }

  /** Resolves with the first recorded message that matches, or rejects after the timeout. */
  async waitFor(
    predicate: (message: RecordedMessage) => boolean,
    timeoutMs = 20_000,
    description = 'a matching record',
  ): Promise<RecordedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; saw ${this.messages.length} records`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until at least `count` messages match. */
  async waitForCount(predicate: (m: RecordedMessage) => boolean, count: number, timeoutMs = 20_000): Promise<RecordedMessage[]> {
    await this.waitFor(() => this.messages.filter(predicate).length >= count, timeoutMs, `${count} matching records`);
    return this.messages.filter(predicate);
  }

  /**
   * Waits until the recorder has read every partition of its topics up to the end it has now: a
   * check over the whole recording (nothing missing) must not run while the recorder still lags,
   * as it may for a while after a broker it fetched from was lost. Rejects naming the lagging
   * partitions after the timeout.
   */
  async caughtUp(timeoutMs = 20_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends: { key: string; last: bigint }[] = [];
    try {
      for (const topic of this.topics) {
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(high) > BigInt(low)) ends.push({ key: `${topic}:${partition}`, last: BigInt(high) - 1n });
        }
      }
    } finally {
      await admin.disconnect();
    }
    const behind = () => ends.filter(({ key, last }) => (this.highest.get(key) ?? -1n) < last);
    if (behind().length === 0) return;
    await this.waitFor(() => behind().length === 0, timeoutMs, 'the recorder to read to the end of its topics').catch((error: Error) => {
      const lag = behind().map(({ key, last }) => `${key} read to ${this.highest.get(key) ?? 'nothing'} of ${last}`);
      throw new Error(`${error.message} (${lag.join(', ')})`);
    });
  }

  stop(): Promise<void> {
    return this.stopConsumer();
  }

  private push(topic: string, partition: number, message: KafkaMessage): void {
    const key = `${topic}:${partition}`;
    const offset = BigInt(message.offset);
    if (offset > (this.highest.get(key) ?? -1n)) this.highest.set(key, offset);
    const value = message.value?.toString('utf8') ?? null;
    let json: unknown;
    try {
      json = value === null ? undefined : JSON.parse(value);
    } catch {
      json = undefined;
    }
    this.messages.push({
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      value,
      headers: stringHeaders(message.headers),
      json,
      timestamp: Number(message.timestamp),
    });
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first.toString();
  }
  return out;
}

/**
 * A fresh set of every registry topic under a unique namespace prefix (GOVERNOR_TOPIC_NAMESPACE),
 * so services started by one test see only that test's records. Partitions are fewer than in
 * production to keep the broker light; ordering per key is unchanged.
 */
export async function createTopicNamespace(admin: Admin, prefix = 'ns', partitions = 2, replicationFactor = 1): Promise<string> {
  const namespace = `${uniqueName(prefix)}.`;
  // A multi-broker cluster may answer that a new partition has no leader yet while kafkajs waits
  // for leaders (UNKNOWN_TOPIC_OR_PARTITION): create what is still missing again.
  for (let attempt = 1; ; attempt++) {
    const present = new Set(await admin.listTopics());
    const missing = TOPIC_REGISTRY.filter((spec) => !present.has(namespace + spec.name));
    try {
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: namespace + spec.name,
            numPartitions: Math.min(partitions, spec.partitions),
            replicationFactor,
            configEntries: [{ name: 'cleanup.policy', value: spec.cleanupPolicy }],
          })),
        });
      }
      return namespace;
    } catch (error) {
      const { type, originalError } = error as { type?: string; originalError?: { type?: string } };
      const noLeaderYet = [type, originalError?.type].includes('UNKNOWN_TOPIC_OR_PARTITION');
      if (!noLeaderYet || attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
