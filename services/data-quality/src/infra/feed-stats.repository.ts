// Per-feed statistics in Postgres, so that every instance sees every feed and a restart keeps
// the feeds it knew: the feeds table (first and last record) and buckets of counts that make up
// the sliding window. Records are counted in the handler's transaction, so a record is counted
// exactly when it is handled (the inbox and the counts commit together); in a consumer's group the
// counts are summed and written once, when the group's transaction is about to commit.
import { assertSchemaName, DeferredRows, preparedQuery } from '@governor/messaging';
import type { SourceTopicName } from '@governor/contracts';
import type { EntityManager } from 'typeorm';
import type { FeedKey } from '../domain/dead-letter-feed';
import type { FeedWindowStats } from '../domain/feed-health';

export interface FeedRecord extends FeedKey {
  arrival: Date;
  bucketStart: Date;
}

/** What a group adds to one feed's bucket (a record's counts, or a group's summed). */
interface FeedCount {
  topic: SourceTopicName;
  feedSource: string;
  bucketStart: Date;
  first: Date;
  last: Date;
  scored: number;
  scoreSum: number;
  invalid: number;
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
  private readonly counts = new DeferredRows<FeedCount>((manager, counts) => this.write(manager, counts));

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
    const rows: WindowRow[] = await preparedQuery(
      manager,
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

  /**
   * Takes this interval's reporting slot unless another instance reported less than `minGapMs`
   * ago, so that several instances publish one report per feed per interval between them.
   */
  async claimReportSlot(manager: EntityManager, now: Date, minGapMs: number): Promise<boolean> {
    // As a SELECT over the UPDATE: TypeORM answers a bare UPDATE with [rows, count], not rows.
    const rows: { claimed: number }[] = await preparedQuery(
      manager,
      `WITH claimed AS (
         UPDATE ${this.slot} SET last_reported_at = $1 WHERE id = 1 AND last_reported_at <= $2 RETURNING 1
       )
       SELECT count(*)::int AS claimed FROM claimed`,
      [now, new Date(now.getTime() - minGapMs)],
    );
    return rows[0]?.claimed === 1;
  }

  private async record(manager: EntityManager, r: FeedRecord, scored: number, scoreSum: number, invalid: number): Promise<void> {
    const count: FeedCount = { topic: r.topic, feedSource: r.feedSource, bucketStart: r.bucketStart, first: r.arrival, last: r.arrival, scored, scoreSum, invalid };
    if (!this.counts.add(manager, [count])) await this.write(manager, [count]);
  }

  // One round trip for a whole group: its counts summed per feed and bucket, the feed rows first
  // (the bucket insert reads from them, which fixes the order), then the buckets, each in key
  // order. Every writer takes the rows in this order, so concurrent writers of one feed queue on
  // them and never deadlock.
  private async write(manager: EntityManager, counts: readonly FeedCount[]): Promise<void> {
    const summed = new Map<string, FeedCount>();
    for (const c of counts) {
      const key = JSON.stringify([c.topic, c.feedSource, c.bucketStart.toISOString()]);
      const sum = summed.get(key);
      if (!sum) summed.set(key, { ...c });
      else {
        if (c.first < sum.first) sum.first = c.first;
        if (c.last > sum.last) sum.last = c.last;
        sum.scored += c.scored;
        sum.scoreSum += c.scoreSum;
        sum.invalid += c.invalid;
      }
    }
    const rows = [...summed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
    await preparedQuery(
      manager,
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::float8[], $8::int[])
           WITH ORDINALITY AS i(topic, feed_source, first_at, last_at, bucket_start, scored, score_sum, invalid, n)
       ),
       feed AS (
         INSERT INTO ${this.feeds} AS f (topic, feed_source, first_seen_at, last_event_at)
         SELECT topic, feed_source, min(first_at), max(last_at) FROM input GROUP BY topic, feed_source ORDER BY topic, feed_source
         ON CONFLICT (topic, feed_source) DO UPDATE
           SET first_seen_at = COALESCE(f.first_seen_at, EXCLUDED.first_seen_at),
               last_event_at = GREATEST(f.last_event_at, EXCLUDED.last_event_at)
         RETURNING f.topic, f.feed_source
       )
       INSERT INTO ${this.buckets} AS b (topic, feed_source, bucket_start, scored_count, score_sum, invalid_count)
       SELECT i.topic, i.feed_source, i.bucket_start, i.scored, i.score_sum, i.invalid
       FROM input i JOIN feed ON feed.topic = i.topic AND feed.feed_source = i.feed_source ORDER BY i.n
       ON CONFLICT (topic, feed_source, bucket_start) DO UPDATE
         SET scored_count = b.scored_count + EXCLUDED.scored_count,
             score_sum = b.score_sum + EXCLUDED.score_sum,
             invalid_count = b.invalid_count + EXCLUDED.invalid_count`,
      [
        rows.map((c) => c.topic),
        rows.map((c) => c.feedSource),
        rows.map((c) => c.first),
        rows.map((c) => c.last),
        rows.map((c) => c.bucketStart),
        rows.map((c) => c.scored),
        rows.map((c) => c.scoreSum),
        rows.map((c) => c.invalid),
      ],
    );
  }
}
