// The consumer runner's groups of records (maxBatchRecords) against the real broker and Postgres:
// many records in one transaction, the groups of several partitions handled together, a group
// that fails for good split until only the failing record is dead-lettered, outbox rows written at
// the commit with each record's trace, whole groups handed to one group handler, and records a group
// handler refuses dead-lettered while the rest of its group commits.
import { trace } from '@opentelemetry/api';
import { Partitioners } from 'kafkajs';
import { deadLetterFrom, deadLetterOf, levelReported, MessagingTestKit, type RecordHandler } from '../../test/messaging-test-kit';
import {
  GroupHandler,
  Inbox,
  NonRetriableError,
  Outbox,
  RetriableError,
} from '..';

describe('ConsumerRunner groups of records (real Kafka and Postgres)', () => {
  const kit = new MessagingTestKit();
  beforeAll(() => kit.start({ tracing: true }));
  afterAll(() => kit.close());

  async function seenTable() {
    const { dataSource, schema } = await kit.database();
    await dataSource.query(`CREATE TABLE "${schema}".seen (id text PRIMARY KEY, txid bigint NOT NULL)`);
    const rows = async () =>
      (await dataSource.query(`SELECT id, txid::text AS txid FROM "${schema}".seen`)) as {
        id: string;
        txid: string;
      }[];
    // Remembers each handled event with the transaction it was handled in.
    const remember: RecordHandler = async (event, _ctx, manager) => {
      await manager!.query(`INSERT INTO "${schema}".seen VALUES ($1, txid_current())`, [event.id]);
    };
    return { dataSource, schema, rows, remember };
  }
  async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('handles many records in one transaction, each once', async () => {
    const topic = await kit.topic();
    const { dataSource, schema, rows, remember } = await seenTable();
    const runner = await kit.run(topic, remember, {
      database: { dataSource, inbox: new Inbox(schema, 'group-test') },
      maxBatchRecords: 50,
    });
    const events = Array.from({ length: 40 }, () => levelReported());
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));

    await waitFor(async () => (await rows()).length === 40 && runner.stats.handled === 40, '40 rows');
    const seen = await rows();
    expect(new Set(seen.map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));
    // One transaction per fetched group, not one per record (40 without grouping).
    expect(new Set(seen.map((r) => r.txid)).size).toBeLessThanOrEqual(10);
    expect(runner.stats).toMatchObject({ handled: 40, duplicates: 0, deadLettered: 0 });
  });

  /** Ten events for each partition of a new topic (one subject each, put there by the producer's partitioner). */
  async function tenPerPartition(partitions: number) {
    const topic = await kit.topic(partitions);
    const partitionOf = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const subjects = new Map<number, string>();
    for (let n = 0; subjects.size < partitions; n++) {
      const subject = `SKU-${n}@DC-1`;
      subjects.set(
        partitionOf({ topic, partitionMetadata, message: { key: subject, value: null } }),
        subject,
      );
    }
    const events = [...subjects.values()].flatMap((subject) =>
      Array.from({ length: 10 }, () => levelReported(subject)),
    );
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));
    return { topic, events };
  }

  it('handles what one fetch brings from several partitions in one transaction, up to maxBatchRecords', async () => {
    const { topic } = await tenPerPartition(4);
    const { dataSource, schema } = await kit.database();

    const calls: {
      partitions: number[];
      records: number;
      txid: string;
      span: { name: string; attributes: Record<string, unknown> };
    }[] = [];
    const handleBatch: GroupHandler = async (records, manager) => {
      if (!manager) throw new Error('no transaction');
      const [{ txid }] = (await manager.query('SELECT txid_current()::text AS txid')) as { txid: string }[];
      // The group's span (the SDK's spans can be read back).
      const span = trace.getActiveSpan() as unknown as { name: string; attributes: Record<string, unknown> };
      calls.push({
        partitions: [...new Set(records.map((r) => r.ctx.partition))].sort(),
        records: records.length,
        txid,
        span,
      });
    };
    const runner = await kit.run(topic, undefined, {
      handle: handleBatch,
      database: { dataSource, inbox: new Inbox(schema, 'combine-test') },
      maxBatchRecords: 30,
      partitionsConsumedConcurrently: 4,
    });

    await waitFor(() => runner.stats.handled === 40, '40 records handled');
    // The first fetch hands over the four partitions' records at once: three partitions together
    // (30 records, the most a transaction takes), then the fourth.
    expect(calls.map((c) => c.records)).toEqual([30, 10]);
    expect(calls.map((c) => c.partitions.length)).toEqual([3, 1]);
    expect(new Set(calls.flatMap((c) => c.partitions)).size).toBe(4);
    expect(new Set(calls.map((c) => c.txid)).size).toBe(2);
    // A group's span names the partition only when all its records come from it.
    expect(calls.map((c) => c.span.name)).toEqual(calls.map(() => `process ${topic}`));
    expect(calls.map((c) => c.span.attributes['messaging.kafka.destination.partition'])).toEqual([
      undefined,
      calls[1].partitions[0],
    ]);
    expect(calls[0].span.attributes['messaging.batch.message_count']).toBe(30);
  });

  it('splits groups handled together that fail for good by partition, then by record: only the failing record is dead-lettered', async () => {
    const { topic, events } = await tenPerPartition(3);
    const deadLetters = await kit.deadLetters();
    const { dataSource, schema, rows } = await seenTable();
    // The three partitions arrive in one fetch and are handled together first.
    const bad = events[15];
    const sizes: number[] = [];
    const handleBatch: GroupHandler = async (records, manager) => {
      if (!manager) throw new Error('no transaction');
      sizes.push(records.length);
      for (const { event } of records)
        await manager.query(`INSERT INTO "${schema}".seen VALUES ($1, txid_current())`, [event.id]);
      if (records.some((r) => r.event.id === bad.id))
        throw new NonRetriableError('sku-unknown', 'no such SKU in the master data');
    };
    const runner = await kit.run(topic, undefined, {
      handle: handleBatch,
      database: { dataSource, inbox: new Inbox(schema, 'combine-split-test') },
      maxBatchRecords: 30,
      partitionsConsumedConcurrently: 3,
    });

    const letter = deadLetterOf(await deadLetters.waitFor(deadLetterFrom(topic)));
    expect(letter.errorCode).toBe('sku-unknown');
    await waitFor(
      () => runner.stats.handled === 29 && runner.stats.deadLettered === 1,
      '29 records handled and one dead-lettered',
    );
    // The three partitions together (fails); then each partition alone (one fails), and the failing
    // one's records one by one.
    expect(sizes[0]).toBe(30);
    expect(sizes.slice(1).sort((a, b) => a - b)).toEqual([...Array.from({ length: 10 }, () => 1), 10, 10, 10]);
    const seen = await rows();
    expect(seen.map((r) => r.id).sort()).toEqual(
      events
        .filter((e) => e !== bad)
        .map((e) => e.id)
        .sort(),
    );
  });

  it('splits a group that fails for good: only the failing record is dead-lettered, the others commit once', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const { dataSource, schema, rows, remember } = await seenTable();
    const events = Array.from({ length: 30 }, () => levelReported());
    const bad = events[17];
    const runner = await kit.run(
      topic,
      async (event, ctx, manager) => {
        await remember(event, ctx, manager);
        if (event.id === bad.id) throw new NonRetriableError('sku-unknown', 'no such SKU in the master data');
      },
      { database: { dataSource, inbox: new Inbox(schema, 'split-test') }, maxBatchRecords: 50 },
    );
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));

    const letter = deadLetterOf(await deadLetters.waitFor(deadLetterFrom(topic)));
    expect(letter).toMatchObject({
      errorCode: 'sku-unknown',
      offset: '17',
    });
    // The runner counts a dead letter once the broker has acknowledged it, which may be after the recorder saw it.
    await waitFor(
      () => runner.stats.handled === 29 && runner.stats.deadLettered === 1,
      '29 records handled and one dead-lettered',
    );
    const seen = await rows();
    expect(seen.map((r) => r.id).sort()).toEqual(
      events
        .filter((e) => e !== bad)
        .map((e) => e.id)
        .sort(),
    );
    expect(runner.stats).toMatchObject({ handled: 29, deadLettered: 1 });
  });

  it('dead-letters the records a group handler refuses, with their codes, while the rest of the group commits in the same call; a refused record comes back as new', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const { dataSource, schema, rows, remember } = await seenTable();
    const events = Array.from({ length: 20 }, () => levelReported());
    const forged = new Set([events[3].id, events[11].id]);
    const inbox = new Inbox(schema, 'refuse-test');
    let calls = 0;
    const handleBatch: GroupHandler = async (records, manager) => {
      calls++;
      const refused = records.filter((r) => forged.has(r.event.id));
      for (const record of records) if (!forged.has(record.event.id)) await remember(record.event, record.ctx, manager);
      return refused.map((record) => ({ record, error: new NonRetriableError('bad-signature', `forged ${record.event.id}`) }));
    };
    const runner = await kit.run(topic, undefined, { handle: handleBatch, database: { dataSource, inbox }, maxBatchRecords: 50 });
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));

    await waitFor(() => runner.stats.handled === 18 && runner.stats.deadLettered === 2, '18 handled and 2 dead-lettered');
    await deadLetters.waitFor((m) => deadLetterFrom(topic)(m) && deadLetterOf(m).offset === '11');
    const letters = deadLetters.messages.filter(deadLetterFrom(topic)).map(deadLetterOf);
    expect(letters.map((l) => [l.offset, l.errorCode, l.error])).toEqual([
      ['3', 'bad-signature', `forged ${events[3].id}`],
      ['11', 'bad-signature', `forged ${events[11].id}`],
    ]);
    expect((await rows()).map((r) => r.id).sort()).toEqual(events.filter((e) => !forged.has(e.id)).map((e) => e.id).sort());
    // Not split and handled again: as many calls as groups fetched, never one per record.
    expect(calls).toBeLessThanOrEqual(2);
    // The refused records' inbox claims were released: published again, they are not duplicates.
    const claimed = await dataSource.transaction((m) => inbox.claimAll(m, events.filter((e) => forged.has(e.id))));
    expect(claimed).toEqual([true, true]);
  });

  it("writes a group's outbox rows together at its commit, each with its record's trace, and claims a repeated event once", async () => {
    const topic = await kit.topic();
    const { dataSource, schema, rows, remember } = await seenTable();
    const outbox = new Outbox(schema);
    const visibleInHandler: number[] = [];
    const events = Array.from({ length: 30 }, () => levelReported());
    const runner = await kit.run(
      topic,
      async (event, ctx, manager) => {
        if (!manager) throw new Error('no transaction');
        await remember(event, ctx, manager);
        await outbox.enqueue(manager, [{ topic: 'echo', event: { ...event, id: `echo-${event.id}` } }]);
        // Deferred to the commit: not written yet, however many records came before in the group.
        const [{ count }] = (await manager.query(
          `SELECT count(*)::int AS count FROM "${schema}".outbox`,
        )) as { count: number }[];
        visibleInHandler.push(count);
      },
      { database: { dataSource, inbox: new Inbox(schema, 'outbox-group-test') }, maxBatchRecords: 50 },
    );
    // The same event twice within one publish (so within one fetched group): handled once.
    const published = [...events.slice(0, 10), events[3], ...events.slice(10)];
    const publishTraceId = await trace.getTracer('test').startActiveSpan('publish', async (span) => {
      await kit.publisher.publishAll(published.map((event) => ({ topic, event })));
      span.end();
      return span.spanContext().traceId;
    });

    await waitFor(() => runner.stats.handled === 30, '30 records handled');
    const outboxRows = (await dataSource.query(
      `SELECT value, headers, xmin::text AS txid FROM "${schema}".outbox ORDER BY id`,
    )) as { value: string; headers: { traceparent?: string }; txid: string }[];
    // In handling (offset) order, one row per event, each written by its group's transaction.
    expect(outboxRows.map((r) => (JSON.parse(r.value) as { id: string }).id)).toEqual(
      events.map((e) => `echo-${e.id}`),
    );
    const seen = await rows();
    const groupOf = new Map(seen.map((r) => [r.id, r.txid]));
    outboxRows.forEach((row, i) => expect(row.txid).toBe(groupOf.get(events[i].id)));
    expect(visibleInHandler.every((count) => count === 0)).toBe(true);
    // Each row carries the trace of its own record's handling (which continues the publisher's
    // trace), not the group's span, which starts a trace of its own.
    expect(outboxRows.map((r) => r.headers.traceparent?.split('-')[1])).toEqual(
      outboxRows.map(() => publishTraceId),
    );
    expect(runner.stats).toMatchObject({ handled: 30, duplicates: 1 });
  });

  it('hands whole groups to handle: handleBatch, retries a transient failure and dead-letters a record it refuses', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const events = Array.from({ length: 25 }, () => levelReported());
    const refused = events[5];
    const calls: string[][] = [];
    const stored = new Map<string, number>();
    let failuresLeft = 2;
    const handleBatch: GroupHandler = async (records, manager) => {
      expect(manager).toBeUndefined();
      calls.push(records.map((r) => r.event.id));
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new RetriableError('store-away', 'the store is away for a moment');
      }
      if (records.some((r) => r.event.id === refused.id))
        throw new NonRetriableError('refused', 'this one cannot be stored');
      for (const { event } of records) stored.set(event.id, (stored.get(event.id) ?? 0) + 1);
    };
    const runner = await kit.run(topic, undefined, { handle: handleBatch, maxBatchRecords: 1_000 });
    await kit.publisher.publishAll(events.map((event) => ({ topic, event })));

    const letter = deadLetterOf(await deadLetters.waitFor(deadLetterFrom(topic)));
    expect(letter).toMatchObject({
      errorCode: 'refused',
      offset: '5',
    });
    await waitFor(
      () => stored.size === 24 && runner.stats.deadLettered === 1,
      '24 records stored and one dead-lettered',
    );
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    expect(stored.has(refused.id)).toBe(false);
    expect(Math.max(...calls.map((c) => c.length))).toBeGreaterThan(1);
    expect(runner.stats).toMatchObject({ handled: 24, deadLettered: 1, retries: 2 });
  });
});
