// The data-quality schema: last-seen state per subject and type, the first holder of each
// business key, and per-feed statistics (the feeds known, window buckets of counts, and the slot
// that lets one instance at a time publish feed health). Changed only through migrations.
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function dataQualityTablesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class DataQualityTables1764200000000 implements MigrationInterface {
    name = 'DataQualityTables1764200000000';

    async up(runner: QueryRunner): Promise<void> {
      // fact_time is kept as the source wrote it (RFC 3339 text): the domain compares instants.
      await runner.query(`
        CREATE TABLE "${s}".subject_state (
          subject     text        NOT NULL,
          event_type  text        NOT NULL,
          fact_time   text        NOT NULL,
          state       jsonb       NOT NULL,
          source      text        NOT NULL,
          event_id    text        NOT NULL,
          updated_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (subject, event_type)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".business_keys (
          event_type    text        NOT NULL,
          business_key  text        NOT NULL,
          source        text        NOT NULL,
          event_id      text        NOT NULL,
          first_seen_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (event_type, business_key)
        )`);
      await runner.query(`CREATE INDEX business_keys_first_seen ON "${s}".business_keys (first_seen_at)`);
      // A feed is known from its first record (or from configuration, never seen: nulls).
      await runner.query(`
        CREATE TABLE "${s}".feeds (
          topic         text        NOT NULL,
          feed_source   text        NOT NULL,
          first_seen_at timestamptz,
          last_event_at timestamptz,
          PRIMARY KEY (topic, feed_source)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".feed_buckets (
          topic         text             NOT NULL,
          feed_source   text             NOT NULL,
          bucket_start  timestamptz      NOT NULL,
          scored_count  integer          NOT NULL DEFAULT 0,
          score_sum     double precision NOT NULL DEFAULT 0,
          invalid_count integer          NOT NULL DEFAULT 0,
          PRIMARY KEY (topic, feed_source, bucket_start)
        )`);
      await runner.query(`CREATE INDEX feed_buckets_start ON "${s}".feed_buckets (bucket_start)`);
      await runner.query(`
        CREATE TABLE "${s}".health_report_slot (
          id               smallint    PRIMARY KEY CHECK (id = 1),
          last_reported_at timestamptz NOT NULL
        )`);
      await runner.query(`INSERT INTO "${s}".health_report_slot (id, last_reported_at) VALUES (1, '-infinity')`);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of ['health_report_slot', 'feed_buckets', 'feeds', 'business_keys', 'subject_state']) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
    }
  };
}
