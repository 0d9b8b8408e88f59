// StoreRetention on a real Postgres: a pass deletes a store's rows older than its limit (with
// their child rows, and only those its condition lets go), a batch at a time, and audits each
// batch through the outbox in the batch's transaction (counts and time range, no row content); a
// store kept for ever and the rows inside the limit stay.
import type { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { auditPrunedThroughOutbox, messagingMigrations, openDatabase, Outbox, StoreRetention } from '..';

const DAY_MS = 86_400_000;

describe('StoreRetention (real Postgres)', () => {
  const schema = uniqueSchema('stores');
  let db: DataSource;

  beforeAll(async () => {
    db = await openDatabase({ url: testDatabaseUrl(), schema, migrations: [...messagingMigrations(schema)], applicationName: 'store-retention-test' });
    await db.query(`CREATE TABLE "${schema}".tasks (id text PRIMARY KEY, status text NOT NULL, resolved_at timestamptz NOT NULL, secret text)`);
    await db.query(`CREATE TABLE "${schema}".task_notes (task_id text NOT NULL REFERENCES "${schema}".tasks (id), note text)`);
    await db.query(`CREATE TABLE "${schema}".forever (id text PRIMARY KEY, at timestamptz NOT NULL)`);
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  });

  const task = async (id: string, status: string, daysAgo: number) => {
    await db.query(`INSERT INTO "${schema}".tasks VALUES ($1, $2, now() - $3 * interval '1 day', 'do not copy me')`, [id, status, daysAgo]);
    await db.query(`INSERT INTO "${schema}".task_notes VALUES ($1, 'a note')`, [id]);
  };
  const ids = async (table: string, column = 'id') =>
    ((await db.query(`SELECT ${column} AS v FROM "${schema}".${table} ORDER BY 1`)) as { v: string }[]).map((r) => r.v);

  it('deletes a store past its limit with its child rows, keeps the rest, and audits each batch with counts and ranges', async () => {
    await task('done-40-days-ago', 'approved', 40);
    await task('done-35-days-ago', 'rejected', 35);
    await task('done-31-days-ago', 'approved', 31);
    await task('pending-60-days-ago', 'pending', 60);
    await task('done-yesterday', 'approved', 1);
    await db.query(`INSERT INTO "${schema}".forever VALUES ('old', now() - interval '900 days')`);

    const outbox = new Outbox(schema);
    const retention = new StoreRetention({
      dataSource: db,
      stores: [
        {
          name: 'approvals',
          table: `"${schema}".tasks`,
          timeColumn: 'resolved_at',
          keepMs: 30 * DAY_MS,
          onlyWhere: "status <> 'pending'",
          children: [{ table: `"${schema}".task_notes`, column: 'task_id', parentColumn: 'id' }],
        },
        { name: 'forever', table: `"${schema}".forever`, timeColumn: 'at', keepMs: 0 },
      ],
      audit: auditPrunedThroughOutbox(outbox, 'test-service'),
      intervalMs: 60_000,
      batchSize: 2,
    });

    const batches = await retention.pruneOnce();
    expect(batches.map((b) => b.rows)).toEqual([2, 1]);
    expect(await ids('tasks')).toEqual(['done-yesterday', 'pending-60-days-ago']);
    expect(await ids('task_notes', 'task_id')).toEqual(['done-yesterday', 'pending-60-days-ago']);
    expect(await ids('forever')).toEqual(['old']);
    expect(await retention.pruneOnce()).toEqual([]);

    const audited = ((await db.query(`SELECT topic, value FROM "${schema}".outbox ORDER BY id`)) as { topic: string; value: string }[]).map((row) => ({
      topic: row.topic,
      event: JSON.parse(row.value) as { type: string; data: { kind: string; actor: string; subject: string; payload: Record<string, unknown> } },
    }));
    expect(audited).toHaveLength(2);
    const [first, second] = audited;
    expect(first.topic).toBe('internal.audit-entries.v1');
    expect(first.event.type).toBe('audit.entry-requested.v1');
    expect(first.event.data).toMatchObject({
      kind: 'retention.pruned',
      actor: 'service:test-service',
      subject: 'store:test-service.approvals',
      payload: { store: 'approvals', table: `${schema}.tasks`, rows: 2, keepDays: 30 },
    });
    const days = (iso: unknown) => Math.round((Date.now() - Date.parse(String(iso))) / DAY_MS);
    expect([days(first.event.data.payload.oldest), days(first.event.data.payload.newest)]).toEqual([40, 35]);
    expect([second.event.data.payload.rows, days(second.event.data.payload.oldest)]).toEqual([1, 31]);
    // Counts and ranges only: nothing of the rows' content.
    expect(JSON.stringify(audited)).not.toContain('do not copy me');
    expect(JSON.stringify(audited)).not.toContain('done-40-days-ago');
  });

  it('refuses a store whose names are not plain identifiers', () => {
    const bad = { name: 'x', table: 'tasks; DROP TABLE x', timeColumn: 'at', keepMs: 1 };
    expect(() => new StoreRetention({ dataSource: db, stores: [bad], audit: async () => undefined, intervalMs: 1_000 })).toThrow(/plain identifiers/);
  });
});
