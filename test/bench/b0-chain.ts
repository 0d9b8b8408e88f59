// B0, the raw limit: four plain kafkajs consume-and-produce hops in a chain (t0 -> t1 -> t2 -> t3 ->
// t4), each its own process, on fresh topics with the partitions of the pipeline's source topic, with
// the record sizes Governor's topics carry. The bench sends to t0 and reads t4: a unit is done at
// the CreateTime of its record on t4 (set by the last hop's send).
import path from 'node:path';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { NodeProcess, uniqueName } from '@governor/testing';
import type { LoadSource, Tracker } from './load-ladder';
import type { Watched } from './process-stats';

export const B0_DONE = 'end';
const ID_HEADER = 'bench-id';

/** Record sizes in bytes: what the source sends, and what each hop writes. */
export interface ChainSizes {
  source: number;
  hops: [number, number, number, number];
}

export class B0Chain implements LoadSource {
  private sequence = 0;

  private constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    private readonly hops: NodeProcess[],
    private readonly producer: Producer,
    private readonly sink: Consumer,
    private readonly value: Buffer,
  ) {}

  static async start(kafka: Kafka, brokers: string[], sizes: ChainSizes, partitions: number, tracker: Tracker): Promise<B0Chain> {
    const prefix = uniqueName('bench-b0');
    const topics = [0, 1, 2, 3, 4].map((i) => `${prefix}.t${i}`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
    } catch {
      // A busy broker can answer the leader check before its metadata caught up: look once more.
      await new Promise((r) => setTimeout(r, 2_000));
      await admin.fetchTopicMetadata({ topics });
    } finally {
      await admin.disconnect();
    }

    try {
      return await B0Chain.connect(kafka, brokers, sizes, partitions, tracker, prefix, topics);
    } catch (error) {
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics }).catch(() => undefined);
      await cleanup.disconnect();
      throw error;
    }
  }

  private static async connect(kafka: Kafka, brokers: string[], sizes: ChainSizes, partitions: number, tracker: Tracker, prefix: string, topics: string[]): Promise<B0Chain> {
    const script = path.join(__dirname, 'b0-hop.js');
    const hops = sizes.hops.map(
      (bytes, i) =>
        new NodeProcess(script, {
          BENCH_BROKERS: brokers.join(','),
          BENCH_IN: topics[i],
          BENCH_OUT: topics[i + 1],
          BENCH_GROUP: `${prefix}.hop${i + 1}`,
          BENCH_OUT_BYTES: String(bytes),
        }),
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const sink = kafka.consumer({ groupId: `${prefix}.sink`, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    const joined = new Promise<void>((resolve) => sink.on(sink.events.GROUP_JOIN, () => resolve()));
    await sink.connect();
    await sink.subscribe({ topics: [topics[4]], fromBeginning: true });
    await sink.run({
      partitionsConsumedConcurrently: partitions,
      autoCommit: false, // as the pipeline's sink: a group of its own, nothing to resume
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const id = message.headers?.[ID_HEADER]?.toString();
          if (id) tracker.reached(id, B0_DONE, Number(message.timestamp));
        }
      },
    });
    try {
      await Promise.all([joined, ...hops.map((h) => h.waitForOutput(/hop ready/, 60_000))]);
    } catch (error) {
      await Promise.all(hops.map((h) => h.stop()));
      await sink.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    return new B0Chain(kafka, topics, hops, producer, sink, Buffer.alloc(sizes.source, 'x'));
  }

  async send(count: number, step: string, tracker: Tracker): Promise<void> {
    const now = Date.now();
    const messages = [];
    for (let i = 0; i < count; i++) {
      const id = `b0-${this.sequence++}`;
      tracker.sent(id, step, now);
      messages.push({ key: `k${this.sequence % 997}`, value: this.value, headers: { [ID_HEADER]: id } });
    }
    await this.producer.send({ topic: this.topics[0], acks: -1, messages });
  }

  watched(): Watched[] {
    return this.hops.map((hop, i) => ({ name: `b0 hop ${i + 1}`, pids: () => (hop.pid ? [hop.pid] : []) }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.hops.map((h) => h.stop()));
    await this.sink.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await admin.disconnect();
  }
}
