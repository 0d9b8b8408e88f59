// The consumer runner against the real broker and Postgres, record by record: typed delivery with
// trace context, dead-lettering of poison records without stopping the partition, retries of
// transient failures that are never dead-lettered, duplicates skipped by the inbox. Groups of
// records in one transaction: consumer-runner-groups.int-spec.ts.
import { trace } from '@opentelemetry/api';
import type { ConsumerConfig, Kafka } from 'kafkajs';
import { AnyContractEvent, EventTypes } from '@governor/contracts';
import { uniqueName } from '@governor/testing';
import { deadLetterFrom, deadLetterOf, levelReported, MessagingTestKit, type RecordHandler } from '../../test/messaging-test-kit';
import { Inbox, NonRetriableError, RetriableError } from '..';
import type { RecordContext } from '..';

describe('ConsumerRunner (real Kafka and Postgres)', () => {
  const kit = new MessagingTestKit();
  beforeAll(() => kit.start({ tracing: true }));
  afterAll(() => kit.close());

  function collect() {
    const received: { event: AnyContractEvent; ctx: RecordContext; traceId?: string }[] = [];
    const handler: RecordHandler = async (event, ctx) => {
      received.push({ event, ctx, traceId: trace.getActiveSpan()?.spanContext().traceId });
    };
    const until = async (count: number, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events arrived`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { received, handler, until };
  }

  it('delivers a published event typed and validated, with its trace id in the headers', async () => {
    const topic = await kit.topic();
    const { received, handler, until } = collect();
    await kit.run(topic, handler);

    const event = levelReported();
    const publishTraceId = await trace
      .getTracer('test')
      .startActiveSpan('source system publish', async (span) => {
        await kit.publisher.publish(topic, event);
        span.end();
        return span.spanContext().traceId;
      });

    await until(1);
    const [{ event: got, ctx, traceId }] = received;
    expect(got.type).toBe(EventTypes.InventoryLevelReportedV1);
    expect(got.id).toBe(event.id);
    expect(got.data).toMatchObject({ sku: expect.any(String), onHand: expect.any(Number) });
    expect(ctx.headers.traceparent?.toString()).toContain(publishTraceId);
    expect(traceId).toBe(publishTraceId);
  });

  it('dead-letters each poison record with its reason and keeps the partition flowing', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const { received, handler, until } = collect();
    await kit.run(topic, handler);

    const { id, type, ...noEnvelopeId } = levelReported();
    const unknownType = { ...levelReported(), type: 'inventory.level-guessed.v1' };
    const invalidPayload = levelReported();
    (invalidPayload.data as Record<string, unknown>).onHand = -5;
    const huge = { ...levelReported(), data: { ...(levelReported().data as object), padding: 'x'.repeat(300 * 1024) } };
    const valid = levelReported();
    const key = 'SKU-1@DC-1';
    await kit.publisher.sendRaw(topic, [
      { key, value: '{not json' },
      { key, value: JSON.stringify(noEnvelopeId) },
      { key, value: JSON.stringify(unknownType) },
      { key, value: JSON.stringify(invalidPayload) },
      { key, value: JSON.stringify(huge) },
      { key, value: JSON.stringify(valid) },
    ]);

    await until(1);
    expect(received.map((r) => r.event.id)).toEqual([valid.id]);
    const letters = (await deadLetters.waitForCount(deadLetterFrom(topic), 5)).map(deadLetterOf);
    expect(letters.map((l) => l.errorCode)).toEqual(['not-json', 'not-an-envelope', 'unknown-type', 'invalid-payload', 'too-large']);
    expect(letters.map((l) => l.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect(letters[3].error).toContain('onHand');
    expect(letters[0].original).toBe('{not json');
    expect(Buffer.byteLength(letters[4].original)).toBe(64 * 1024);
    expect(letters.every((l) => l.stage === 'messaging-test')).toBe(true);
  });

  it('dead-letters a record whose handler fails for good, then handles the next', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const first = levelReported();
    const second = levelReported();
    const { received, until } = collect();
    await kit.run(topic, async (event, ctx) => {
      if (event.id === first.id) throw new NonRetriableError('sku-unknown', 'no such SKU in the master data');
      received.push({ event, ctx });
    });
    await kit.publisher.publishAll([{ topic, event: first }, { topic, event: second }]);

    await until(1);
    expect(received[0].event.id).toBe(second.id);
    const letter = deadLetterOf(await deadLetters.waitFor(deadLetterFrom(topic)));
    expect(letter.errorCode).toBe('sku-unknown');
  });

  it('retries a transient database failure with backoff and never dead-letters it', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const { dataSource, schema } = await kit.database();
    let attempts = 0;
    const { received, until } = collect();
    const runner = await kit.run(
      topic,
      async (event, ctx, manager) => {
        attempts++;
        if (attempts <= 2) {
          // The database goes away under the handler: the real driver error for a killed backend.
          await manager!.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
        received.push({ event, ctx });
      },
      { database: { dataSource, inbox: new Inbox(schema, 'retry-test') } },
    );
    const event = levelReported();
    await kit.publisher.publish(topic, event);

    await until(1);
    // The handler ran; the runner counts the record once its transaction has committed.
    for (let i = 0; i < 100 && runner.stats.handled < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(attempts).toBe(3);
    expect(received.map((r) => r.event.id)).toEqual([event.id]);
    expect(runner.stats).toMatchObject({ handled: 1, retries: 2, deadLettered: 0 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(deadLetters.messages.filter(deadLetterFrom(topic))).toHaveLength(0);
  });

  it("reports each partition's lag: what is left past the last record handled", async () => {
    const topic = await kit.topic();
    const events = Array.from({ length: 5 }, () => levelReported());
    const stuck = events[2].id;
    let release = false;
    const handled: string[] = [];
    const runner = await kit.run(topic, async (event) => {
      // The third record fails transiently until released: the partition waits on it.
      if (event.id === stuck && !release) throw new RetriableError('erp-unavailable', 'try again');
      handled.push(event.id);
    });
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));
    const lagOf = () => runner.lag.get(`${topic}:0`)?.records;
    const waitFor = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!check()) throw new Error(`${what}: lag ${lagOf()}, handled ${handled.length}`);
    };
    await waitFor(() => handled.length === 2 && lagOf() === 3, 'three records left behind the stuck one');
    expect(runner.lag.get(`${topic}:0`)).toEqual({ topic, partition: 0, records: 3 });
    release = true;
    await waitFor(() => handled.length === 5 && lagOf() === 0, 'nothing left once it is handled');
  });

  it('handles a redelivered event once: the inbox skips the duplicate', async () => {
    const topic = await kit.topic();
    const { dataSource, schema } = await kit.database();
    const { received, until } = collect();
    const runner = await kit.run(topic, async (event, ctx) => void received.push({ event, ctx }), {
      database: { dataSource, inbox: new Inbox(schema, 'dup-test') },
    });
    const event = levelReported();
    const marker = levelReported();
    await kit.publisher.publishAll([{ topic, event }, { topic, event }, { topic, event: marker }]);

    await until(2);
    expect(received.map((r) => r.event.id)).toEqual([event.id, marker.id]);
    expect(runner.stats.duplicates).toBe(1);
  });

  describe('offset commits', () => {
    /** The group's committed offsets on `topic`, by partition. */
    async function committed(groupId: string, topic: string): Promise<Record<number, string>> {
      const [offsets] = await kit.admin.fetchOffsets({ groupId, topics: [topic] });
      return Object.fromEntries(offsets.partitions.map((p) => [p.partition, p.offset]));
    }
    async function waitFor<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last = await read();
      while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        last = await read();
      }
      return last;
    }
    /** The broker requests the runner's consumer sends, by API name. */
    function countingKafka(): { kafka: Kafka; requests: Map<string, number> } {
      const requests = new Map<string, number>();
      const kafka = {
        consumer: (config: ConsumerConfig) => {
          const consumer = kit.kafka.consumer(config);
          consumer.on(consumer.events.REQUEST, ({ payload }) => requests.set(payload.apiName, (requests.get(payload.apiName) ?? 0) + 1));
          return consumer;
        },
      } as Kafka;
      return { kafka, requests };
    }

    it('with a database, gathers the offsets handled in several batches into one commit for every partition', async () => {
      const topic = await kit.topic(2);
      const { dataSource, schema } = await kit.database();
      const { received, handler, until } = collect();
      const groupId = uniqueName('group');
      const { kafka, requests } = countingKafka();
      const runner = await kit.run(topic, handler, { kafka, groupId, database: { dataSource, inbox: new Inbox(schema, 'commit-test') }, commitIntervalMs: 5_000 });

      await kit.publisher.sendRaw(topic, [0, 1, 2, 3, 4, 5].map((i) => ({ key: `k${i}`, value: JSON.stringify(levelReported()), partition: i % 2 })));
      await until(6);
      for (let i = 0; i < 4; i++) {
        await kit.publisher.sendRaw(topic, [{ key: `late${i}`, value: JSON.stringify(levelReported()), partition: i % 2 }]);
        await until(7 + i);
      }
      expect(received).toHaveLength(10);

      // Everything handled is committed within the interval, both partitions at their ends, in one
      // request (or two, had a flush fallen between the batches) instead of one per batch.
      expect(await waitFor(() => committed(groupId, topic), { 0: '5', 1: '5' }, 15_000)).toEqual({ 0: '5', 1: '5' });
      expect(requests.get('OffsetCommit')).toBeLessThanOrEqual(2);
      expect(runner.stats.commits).toBe(requests.get('OffsetCommit'));
    });

    it('without a database, commits after every batch (nothing would skip a redelivered record)', async () => {
      const topic = await kit.topic(1);
      const { handler, until } = collect();
      const groupId = uniqueName('group');
      const runner = await kit.run(topic, handler, { groupId });
      for (let i = 0; i < 3; i++) {
        await kit.publisher.publish(topic, levelReported());
        await until(i + 1);
        expect(await waitFor(() => committed(groupId, topic), { 0: String(i + 1) }, 5_000)).toEqual({ 0: String(i + 1) });
      }
      expect(runner.stats.commits).toBe(3);
    });

    it('commits what is waiting when it stops, so a restart does not see it again', async () => {
      const topic = await kit.topic(1);
      const { dataSource, schema } = await kit.database();
      const { handler, until } = collect();
      const groupId = uniqueName('group');
      const inbox = new Inbox(schema, 'stop-test');
      const runner = await kit.run(topic, handler, { groupId, database: { dataSource, inbox }, commitIntervalMs: 60_000 });
      await kit.publisher.publishAll([{ topic, event: levelReported() }, { topic, event: levelReported() }]);
      await until(2);
      expect(await committed(groupId, topic)).toEqual({ 0: '-1' });

      await runner.stop();
      expect(await committed(groupId, topic)).toEqual({ 0: '2' });
      const again = await kit.run(topic, handler, { groupId, database: { dataSource, inbox } });
      await kit.publisher.publish(topic, levelReported());
      await until(3); // the same handler: the new record, not the two committed before the stop
      expect(again.stats).toMatchObject({ handled: 1, duplicates: 0 });
    });
  });
});
