// Per-feed statistics in Postgres, so that every instance sees every feed and a restart keeps
// the feeds it knew: the feeds table (first and last record) and buckets of counts that make up
// the sliding window. Records are counted in the handler's transaction, so a record is counted
// exactly when it is handled (the inbox and the counts commit together).
import { assertSchemaName } from '@governor/messaging';
import type { SourceTopicName } from '@governor/contracts';
import type { EntityManager } from 'typeorm';
import type { FeedKey } from '../domain/dead-letter-feed';
import type { FeedWindowStats } from '../domain/feed-health';

export interface FeedRecord extends FeedKey {
  arrival: Date;
  bucketStart: Date;
}

interface WindowRow {
  topic: SourceTopicName;
  feed_source: string;
  first_seen_at: Date | null;
  last_event_at: Date | null;
  scored_count: number;
  score_sum: number;
  invalid_count: number;
}

export class FeedStatsRepository {
  private readonly feeds: string;
  private readonly buckets: string;
  private readonly slot: string;

  constructor(schema: string) {
    const s = assertSchemaName(schema);
    this.feeds = `"${s}".feeds`;
    this.buckets = `"${s}".feed_buckets`;
    this.slot = `"${s}".health_report_slot`;
  }

  recordScored(manager: EntityManager, record: FeedRecord, score: number): Promise<void> {
    return this.record(manager, record, 1, score, 0);
  }

  recordInvalid(manager: EntityManager, record: FeedRecord): Promise<void> {
    return this.record(manager, record, 0, 0, 1);
  }

  /** Feeds expected from configuration: known (and reported stale) before they ever speak. */
  async registerExpected(manager: EntityManager, feeds: readonly FeedKey[]): Promise<void> {
    if (feeds.length === 0) return;
    const values: string[] = [];
    const rows = feeds.map((feed, i) => {
      values.push(feed.topic, feed.feedSource);
      return `($${i * 2 + 1}, $${i * 2 + 2})`;
    });
    await manager.query(`INSERT INTO ${this.feeds} (topic, feed_source) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, values);
  }

  /** Every known feed with its counts in buckets that start after `since`. */
  async window(manager: EntityManager, since: Date): Promise<FeedWindowStats[]> {
    const rows: WindowRow[] = await manager.query(
      `SELECT f.topic, f.feed_source, f.first_seen_at, f.last_event_at,
              COALESCE(SUM(b.scored_count), 0)::int     AS scored_count,
              COALESCE(SUM(b.score_sum), 0)::float8     AS score_sum,
              COALESCE(SUM(b.invalid_count), 0)::int    AS invalid_count
       FROM ${this.feeds} f
       LEFT JOIN ${this.buckets} b
         ON b.topic = f.topic AND b.feed_source = f.feed_source AND b.bucket_start > $1
       GROUP BY f.topic, f.feed_source, f.first_seen_at, f.last_event_at
       ORDER BY f.topic, f.feed_source`,
      [since],
    );
    return rows.map((row) => ({
      topic: row.topic,
      feedSource: row.feed_source,
      firstSeenAt: row.first_seen_at,
      lastEventAt: row.last_event_at,
      scoredCount: row.scored_count,
      scoreSum: row.score_sum,
      invalidCount: row.invalid_count,
    }));
  }

  /** Drops buckets that no window will include again. */
  async prune(manager: EntityManager, before: Date): Promise<void> {
    await manager.query(`DELETE FROM ${this.buckets} WHERE bucket_start <= $1`, [before]);
  }

  /**
   * Takes this interval's reporting slot unless another instance reported less than `minGapMs`
   * ago, so that several instances publish one report per feed per interval between them.
   */
  async claimReportSlot(manager: EntityManager, now: Date, minGapMs: number): Promise<boolean> {
    // As a SELECT over the UPDATE: TypeORM answers a bare UPDATE with [rows, count], not rows.
    const rows: { claimed: number }[] = await manager.query(
      `WITH claimed AS (
         UPDATE ${this.slot} SET last_reported_at = $1 WHERE id = 1 AND last_reported_at <= $2 RETURNING 1
       )
       SELECT count(*)::int AS claimed FROM claimed`,
      [now, new Date(now.getTime() - minGapMs)],
    );
    return rows[0]?.claimed === 1;
  }

  // One round trip: the feed row first (the bucket insert reads from it, which fixes the order),
  // then its bucket. Every writer takes the two rows in this order, so concurrent partitions of
  // one feed queue on them and never deadlock.
  private async record(manager: EntityManager, r: FeedRecord, scored: number, scoreSum: number, invalid: number): Promise<void> {
    await manager.query(
      `WITH feed AS (
         INSERT INTO ${this.feeds} AS f (topic, feed_source, first_seen_at, last_event_at)
         VALUES ($1::text, $2::text, $3::timestamptz, $3::timestamptz)
         ON CONFLICT (topic, feed_source) DO UPDATE
           SET first_seen_at = COALESCE(f.first_seen_at, EXCLUDED.first_seen_at),
               last_event_at = GREATEST(f.last_event_at, EXCLUDED.last_event_at)
         RETURNING f.topic, f.feed_source
       )
       INSERT INTO ${this.buckets} AS b (topic, feed_source, bucket_start, scored_count, score_sum, invalid_count)
       SELECT feed.topic, feed.feed_source, $4::timestamptz, $5::int, $6::float8, $7::int FROM feed
       ON CONFLICT (topic, feed_source, bucket_start) DO UPDATE
         SET scored_count = b.scored_count + EXCLUDED.scored_count,
             score_sum = b.score_sum + EXCLUDED.score_sum,
             invalid_count = b.invalid_count + EXCLUDED.invalid_count`,
      [r.topic, r.feedSource, r.arrival, r.bucketStart, scored, scoreSum, invalid],
    );
  }
}
