// MessagingRetention on a real Postgres, with the service migrations' tables: a pass deletes the
// outbox rows sent longer ago than the outbox's keep time and the inbox rows received longer ago
// than the inbox's, in batches, and nothing else: not unsent rows however old, not recent ones.
import type { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { messagingMigrations, MessagingRetention, openDatabase } from '..';

const HOUR = 3_600_000;

describe('MessagingRetention (real Postgres)', () => {
  const schema = uniqueSchema('keep');
  let db: DataSource;

  beforeAll(async () => {
    db = await openDatabase({
      url: testDatabaseUrl(),
      schema,
      migrations: [...messagingMigrations(schema)],
      applicationName: 'retention-test',
    });
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  });

  /** An outbox row created `createdHoursAgo` and sent `sentHoursAgo` (null: not sent yet). */
  const outboxRow = (value: string, createdHoursAgo: number, sentHoursAgo: number | null) =>
    db.query(
      `INSERT INTO "${schema}".outbox (topic, value, created_at, sent_at)
       VALUES ('t', $1, now() - $2 * interval '1 hour', CASE WHEN $3::int IS NULL THEN NULL ELSE now() - $3::int * interval '1 hour' END)`,
      [value, createdHoursAgo, sentHoursAgo],
    );
  const inboxRow = (id: string, receivedHoursAgo: number) =>
    db.query(
      `INSERT INTO "${schema}".inbox (consumer, source, event_id, type, received_at) VALUES ('c', 's', $1, 'x', now() - $2 * interval '1 hour')`,
      [id, receivedHoursAgo],
    );
  const values = async (sql: string) => ((await db.query(sql)) as { v: string }[]).map((r) => r.v).sort();

  it('deletes sent outbox rows and inbox rows older than their keep times, a batch at a time, and keeps the rest', async () => {
    for (const [value, created, sent] of [
      ['sent-3-days-ago', 72, 72],
      ['sent-2-days-ago', 49, 48],
      ['sent-25-hours-ago', 26, 25],
      ['sent-an-hour-ago', 2, 1],
      ['never-sent', 96, null],
    ] as const) {
      await outboxRow(value, created, sent);
    }
    for (const [id, received] of [
      ['received-10-days-ago', 240],
      ['received-8-days-ago', 192],
      ['received-6-days-ago', 144],
      ['received-now', 0],
    ] as const) {
      await inboxRow(id, received);
    }

    const retention = new MessagingRetention({
      dataSource: db,
      schema,
      outboxKeepMs: 24 * HOUR,
      inboxKeepMs: 168 * HOUR,
      intervalMs: 60_000,
      batchSize: 2,
    });
    retention.start();
    try {
      // start() runs a pass at once; wait for it, then one more finds nothing left.
      await waitFor(() => retention.prunedCounts.outbox === 3 && retention.prunedCounts.inbox === 2);
      expect(await retention.pruneOnce()).toEqual({ outbox: 0, inbox: 0 });
    } finally {
      await retention.stop();
    }

    expect(await values(`SELECT value AS v FROM "${schema}".outbox`)).toEqual([
      'never-sent',
      'sent-an-hour-ago',
    ]);
    expect(await values(`SELECT event_id AS v FROM "${schema}".inbox`)).toEqual([
      'received-6-days-ago',
      'received-now',
    ]);
    expect(retention.prunedCounts).toEqual({ outbox: 3, inbox: 2 });
  });

  it('finds the oldest inbox rows through the received_at index its migration adds', async () => {
    const indexes = (await db.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'inbox'`,
      [schema],
    )) as { indexdef: string }[];
    expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringContaining('(received_at)'));
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the pruning pass');
    await new Promise((r) => setTimeout(r, 20));
  }
}
