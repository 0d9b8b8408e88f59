// openDatabase on a real Postgres, as several instances of a service starting together on a fresh
// database: each migration runs once, every instance opens, and the schema is whole.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { openDatabase } from '..';

describe('openDatabase with instances starting together (real Postgres)', () => {
  const schema = uniqueSchema('open');

  /** A slow migration without IF NOT EXISTS: two runs at once would fail on the second CREATE. */
  class CreateItems1700000000000 implements MigrationInterface {
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}".items (id int PRIMARY KEY)`);
      await runner.query('SELECT pg_sleep(0.3)');
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".items`);
    }
  }

  afterAll(async () => {
    const db = await openDatabase({ url: testDatabaseUrl(), schema, migrations: [], applicationName: 'open-database-test' });
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  });

  it('runs each migration once while three instances open the same schema at once', async () => {
    const open = (i: number) => openDatabase({ url: testDatabaseUrl(), schema, migrations: [CreateItems1700000000000], applicationName: `open-database-test-${i}` });
    const results = await Promise.allSettled([open(1), open(2), open(3)]);
    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      expect(await opened[0].query(`SELECT name FROM "${schema}".migrations`)).toEqual([{ name: 'CreateItems1700000000000' }]);
      // No instance still holds the lock: a fourth opens at once.
      const fourth = await open(4);
      await fourth.destroy();
    } finally {
      await Promise.all(opened.map((db) => db.destroy()));
    }
  });
});
