// Feed statistics on a real Postgres: records counted one by one, and a consumer's group of records
// (commit hooks open) whose counts are summed per feed and bucket and written once at its end.
import type { DataSource } from 'typeorm';
import { Topics } from '@governor/contracts';
import { messagingMigrations, openCommitHooks, openDatabase, runCommitHooks } from '@governor/messaging';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { dataQualityTablesMigration } from './data-quality-tables.migration';
import { FeedStatsRepository } from './feed-stats.repository';

describe('FeedStatsRepository (real Postgres)', () => {
  const schema = uniqueSchema('dq_feeds');
  const feeds = new FeedStatsRepository(schema);
  let db: DataSource;

  beforeAll(async () => {
    db = await openDatabase({
      url: testDatabaseUrl(),
      schema,
      migrations: [...messagingMigrations(schema), dataQualityTablesMigration(schema)],
      applicationName: 'feed-stats-test',
    });
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  });

  const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, s));
  const bucket = (s: number) => at(Math.floor(s / 10) * 10);
  const buckets = async () =>
    (await db.query(
      `SELECT feed_source, bucket_start, scored_count, score_sum, invalid_count FROM "${schema}".feed_buckets ORDER BY feed_source, bucket_start`,
    )) as { feed_source: string; bucket_start: Date; scored_count: number; score_sum: number; invalid_count: number }[];

  it("sums a group's counts per feed and bucket and writes them at the end of its transaction", async () => {
    await db.transaction(async (manager) => {
      openCommitHooks(manager);
      const wms = { topic: Topics.SourceInventoryV1, feedSource: 'urn:wms:dc-1' } as const;
      const erp = { topic: Topics.SourceInventoryV1, feedSource: 'urn:erp:main' } as const;
      await feeds.recordScored(manager, { ...wms, arrival: at(1), bucketStart: bucket(1) }, 0.5);
      await feeds.recordScored(manager, { ...erp, arrival: at(2), bucketStart: bucket(2) }, 1);
      await feeds.recordScored(manager, { ...wms, arrival: at(3), bucketStart: bucket(3) }, 0.25);
      await feeds.recordInvalid(manager, { ...wms, arrival: at(4), bucketStart: bucket(4) });
      await feeds.recordScored(manager, { ...wms, arrival: at(12), bucketStart: bucket(12) }, 1);
      expect(await manager.query(`SELECT 1 FROM "${schema}".feed_buckets`)).toHaveLength(0);
      await runCommitHooks(manager);
    });

    expect(await buckets()).toEqual([
      { feed_source: 'urn:erp:main', bucket_start: at(0), scored_count: 1, score_sum: 1, invalid_count: 0 },
      { feed_source: 'urn:wms:dc-1', bucket_start: at(0), scored_count: 2, score_sum: 0.75, invalid_count: 1 },
      { feed_source: 'urn:wms:dc-1', bucket_start: at(10), scored_count: 1, score_sum: 1, invalid_count: 0 },
    ]);
    const window = await feeds.window(db.manager, at(-60));
    const wms = window.find((f) => f.feedSource === 'urn:wms:dc-1');
    expect(wms).toMatchObject({ firstSeenAt: at(1), lastEventAt: at(12), scoredCount: 3, invalidCount: 1, scoreSum: 1.75 });
  });

  it('adds a record counted outside a group to what is there, at once', async () => {
    await db.transaction(async (manager) => {
      await feeds.recordScored(manager, { topic: Topics.SourceInventoryV1, feedSource: 'urn:wms:dc-1', arrival: at(5), bucketStart: bucket(5) }, 0.25);
      expect(await manager.query(`SELECT 1 FROM "${schema}".feed_buckets WHERE scored_count = 3`)).toHaveLength(1);
    });
    const window = await feeds.window(db.manager, at(-60));
    expect(window.find((f) => f.feedSource === 'urn:wms:dc-1')).toMatchObject({ firstSeenAt: at(1), lastEventAt: at(12), scoredCount: 4, scoreSum: 2 });
  });
});
