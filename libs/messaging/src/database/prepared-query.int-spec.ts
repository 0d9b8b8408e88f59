// preparedQuery on a real Postgres: in a transaction the statement is prepared once on that
// connection and reused; its answers have manager.query's shape; given the DataSource it prepares
// on a pooled connection and gives it back; given a manager outside a transaction it is manager.query.
import type { DataSource } from 'typeorm';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { openDatabase, preparedQuery } from '..';

describe('preparedQuery (real Postgres)', () => {
  const schema = uniqueSchema('prep');
  let db: DataSource;

  beforeAll(async () => {
    db = await openDatabase({ url: testDatabaseUrl(), schema, migrations: [], applicationName: 'prepared-query-test' });
    await db.query(`CREATE TABLE "${schema}".items (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  });

  const prepared = (manager: Parameters<typeof preparedQuery>[0]) =>
    manager.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%'`, [`"${schema}".items`]) as Promise<
      { statement: string }[]
    >;

  it('prepares a statement once per connection and answers like manager.query', async () => {
    const insert = `INSERT INTO "${schema}".items (id, label) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING id`;
    const update = `UPDATE "${schema}".items SET label = $2 WHERE id = ANY($1::int[]) RETURNING id`;
    await db.transaction(async (manager) => {
      expect(await prepared(manager)).toHaveLength(0);
      const inserted = await preparedQuery(manager, insert, [[1, 2, 3], ['a', 'b', 'c']]);
      expect(inserted).toEqual(await manager.query('SELECT id FROM unnest($1::int[]) AS t(id)', [[1, 2, 3]]));
      await preparedQuery(manager, insert, [[4], ['d']]);
      // UPDATE answers [rows, count], as TypeORM's manager.query does.
      expect(await preparedQuery(manager, update, [[1, 4], 'z'])).toEqual([[{ id: 1 }, { id: 4 }], 2]);
      expect(await manager.query(update, [[2], 'y'])).toEqual([[{ id: 2 }], 1]);
      // Two statements prepared on this connection, each once, however often they ran.
      expect((await prepared(manager)).map((r) => r.statement).sort()).toEqual([insert, update].sort());
    });
    expect(await db.query(`SELECT id, label FROM "${schema}".items ORDER BY id`)).toEqual([
      { id: 1, label: 'z' },
      { id: 2, label: 'y' },
      { id: 3, label: 'c' },
      { id: 4, label: 'z' },
    ]);
  });

  it('is manager.query outside a transaction, and passes database errors on with their code', async () => {
    expect(await preparedQuery(db.manager, `SELECT label FROM "${schema}".items WHERE id = $1`, [3])).toEqual([{ label: 'c' }]);
    await expect(
      db.transaction((manager) => preparedQuery(manager, `INSERT INTO "${schema}".items (id, label) VALUES ($1, $2)`, [3, 'again'])),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('given the DataSource, runs as a prepared statement on a pooled connection and gives the connection back', async () => {
    const select = `SELECT label FROM "${schema}".items WHERE id = ANY($1::int[]) ORDER BY id`;
    const pool = (db.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    for (let i = 0; i < 5; i++) expect(await preparedQuery(db, select, [[1, 3]])).toEqual([{ label: 'z' }, { label: 'c' }]);
    expect(pool.idleCount).toBe(pool.totalCount);
    // The pool hands out the connection released last: the one the statement ran on.
    expect((await db.transaction((manager) => prepared(manager))).map((r) => r.statement)).toContain(select);
  });
});
