// What one group of records costs in statements and transactions: the runner's own share (the
// inbox claims, the outbox rows deferred to the commit) and a handler that writes set-based, as the
// services' handlers do, must cost the same for a group of 20 records as for one of 200.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

import { levelReported, MessagingTestKit } from '../../test/messaging-test-kit';
import { countStatements, GroupHandler, Inbox, Outbox, preparedQuery } from '..';

describe('the cost of a group of records (real Kafka and Postgres)', () => {
  const kit = new MessagingTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.close());

  /** Handles `size` records in groups of up to `size`; the statements and transactions spent. */
  async function costOf(size: number): Promise<{ statements: number; transactions: number; groups: number }> {
    const topic = await kit.topic();
    const { dataSource, schema } = await kit.database();
    await dataSource.query(`CREATE TABLE "${schema}".levels (event_id text PRIMARY KEY, subject text NOT NULL)`);
    const outbox = new Outbox(schema);
    let groups = 0;
    // One statement for the group's rows, and an outbox row per record (written once, at the commit).
    const handle: GroupHandler = async (records, manager) => {
      if (!manager) throw new Error('no transaction');
      groups++;
      await preparedQuery(manager, `INSERT INTO "${schema}".levels SELECT * FROM unnest($1::text[], $2::text[])`, [
        records.map((r) => r.event.id),
        records.map((r) => r.event.subject),
      ]);
      await outbox.enqueue(
        manager,
        records.map(({ event }) => ({ topic: 'echo', event: { ...event, id: randomUUID() } })),
      );
    };
    await kit.publisher.publishAll(Array.from({ length: size }, () => ({ topic, event: levelReported() })));
    const before = { ...countStatements() };
    const runner = await kit.run(topic, undefined, {
      handle,
      database: { dataSource, inbox: new Inbox(schema, `cost-${size}`) },
      maxBatchRecords: size,
    });
    await waitForHandled(() => runner.stats.handled, size);
    const after = { ...countStatements() };
    await expectRows(dataSource, schema, size);
    return { statements: after.statements - before.statements, transactions: after.transactions - before.transactions, groups };
  }

  it('spends the same statements on a group of 200 records as on a group of 20', async () => {
    const small = await costOf(20);
    const large = await costOf(200);
    // Fetches may split the records into more than one group; what a group costs must not grow.
    expect(small.transactions).toBe(small.groups);
    expect(large.transactions).toBe(large.groups);
    expect(large.groups).toBeLessThanOrEqual(4);
    const perGroup = (c: { statements: number; groups: number }) => c.statements / c.groups;
    // The inbox claims, the handler's insert and the outbox's insert.
    expect(perGroup(small)).toBe(3);
    expect(perGroup(large)).toBe(3);
  });

  it('publishes what a group committed for one statement more (the mark), in no transaction of its own', async () => {
    const topic = await kit.topic();
    const out = await kit.topic();
    const recorder = await kit.recorder(out);
    const { schema, dataSource, outbox, relay } = await kit.relay();
    let groups = 0;
    const handle: GroupHandler = async (records, manager) => {
      if (!manager) throw new Error('no transaction');
      groups++;
      await outbox.enqueue(
        manager,
        records.map(({ event }) => ({ topic: out, event: { ...event, id: randomUUID() } })),
      );
    };
    const size = 100;
    await kit.publisher.publishAll(Array.from({ length: size }, () => ({ topic, event: levelReported() })));
    const before = { ...countStatements() };
    await kit.run(topic, undefined, {
      handle,
      database: { dataSource, inbox: new Inbox(schema, 'cost-relay') },
      maxBatchRecords: size,
      afterCommit: (manager) => relay.publishCommitted(outbox.takeInserted(manager)),
    });
    await waitForHandled(() => relay.publishedCount, size);
    await recorder.waitForCount(() => true, size);
    const after = { ...countStatements() };
    // Per group: the inbox claims and the outbox insert in its transaction, then the mark. Claiming
    // the rows first took a transaction and two statements of its own.
    expect(after.transactions - before.transactions).toBe(groups);
    expect(after.statements - before.statements).toBe(3 * groups);
  });

  it('is counted where every statement passes: a statement per record shows', async () => {
    const before = { ...countStatements() };
    const { dataSource } = await kit.database();
    const mid = { ...countStatements() };
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < 5; i++) await m.query('SELECT 1');
    });
    const after = { ...countStatements() };
    expect(mid.statements).toBeGreaterThan(before.statements);
    expect(after.statements - mid.statements).toBe(5);
    expect(after.transactions - mid.transactions).toBe(1);
  });
});

async function waitForHandled(handled: () => number, size: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (handled() < size) {
    if (Date.now() > deadline) throw new Error(`handled ${handled()} of ${size} records in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectRows(dataSource: DataSource, schema: string, size: number): Promise<void> {
  const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}".levels`)) as { count: number }[];
  expect(count).toBe(size);
}

