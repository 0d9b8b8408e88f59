// The facts the monitor keeps for domain health and the scorecard. Every table is keyed by what
// identifies the fact (an event's (source, id), a decision id, a task id), so a redelivered batch
// inserts nothing twice: the consumer needs no inbox and can write whole batches at once.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function monitorTablesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class MonitorTables1764300000100 implements MigrationInterface {
    name = 'MonitorTables1764300000100';

    async up(runner: QueryRunner): Promise<void> {
      // new_share: the part of the report's window not covered by the feed's previous report
      // (src/domain/feed-coverage.ts); event counts are weighted by it.
      await runner.query(`
        CREATE TABLE "${s}".feed_health (
          source          text             NOT NULL,
          event_id        text             NOT NULL,
          feed            text             NOT NULL,
          domain          text             NOT NULL,
          reported_at     timestamptz      NOT NULL,
          window_seconds  integer          NOT NULL,
          event_count     integer          NOT NULL,
          invalid_count   integer          NOT NULL,
          mean_score      double precision,
          stale           boolean          NOT NULL,
          new_share       double precision NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX feed_health_time ON "${s}".feed_health (reported_at, domain)`);
      // The latest report of every feed ever seen: staleness is judged on it, not on a window.
      await runner.query(`
        CREATE TABLE "${s}".feed_latest (
          feed                      text             PRIMARY KEY,
          domain                    text             NOT NULL,
          reported_at               timestamptz      NOT NULL,
          stale                     boolean          NOT NULL,
          seconds_since_last_event  double precision
        )`);
      await runner.query(`
        CREATE TABLE "${s}".model_health (
          source            text             NOT NULL,
          event_id          text             NOT NULL,
          model_id          text             NOT NULL,
          model_version     text             NOT NULL,
          domain            text             NOT NULL,
          psi               double precision,
          forecast_bias     double precision,
          bias_sample_size  integer          NOT NULL,
          reported_at       timestamptz      NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX model_health_time ON "${s}".model_health (reported_at)`);
      await runner.query(`
        CREATE TABLE "${s}".decisions (
          decision_id     text        PRIMARY KEY,
          action_id       text        NOT NULL,
          action_type     text        NOT NULL,
          domain          text        NOT NULL,
          outcome         text        NOT NULL,
          domain_mode     text        NOT NULL,
          policy_version  text        NOT NULL,
          decided_at      timestamptz NOT NULL
        )`);
      await runner.query(`CREATE INDEX decisions_time ON "${s}".decisions (decided_at)`);
      await runner.query(`CREATE INDEX decisions_action ON "${s}".decisions (action_id)`);
      await runner.query(`
        CREATE TABLE "${s}".approvals (
          task_id       text        PRIMARY KEY,
          action_id     text        NOT NULL,
          action_type   text        NOT NULL,
          domain        text        NOT NULL,
          outcome       text        NOT NULL,
          rejected_by   text,
          requested_at  timestamptz NOT NULL,
          resolved_at   timestamptz NOT NULL,
          latency_seconds double precision GENERATED ALWAYS AS (extract(epoch FROM resolved_at - requested_at)) STORED
        )`);
      await runner.query(`CREATE INDEX approvals_time ON "${s}".approvals (resolved_at)`);
      await runner.query(`CREATE INDEX approvals_action ON "${s}".approvals (action_id)`);
      await runner.query(`
        CREATE TABLE "${s}".outcomes (
          source       text        NOT NULL,
          event_id     text        NOT NULL,
          action_id    text        NOT NULL,
          action_type  text        NOT NULL,
          domain       text        NOT NULL,
          outcome      text        NOT NULL,
          occurred_at  timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX outcomes_time ON "${s}".outcomes (occurred_at)`);
      await runner.query(`CREATE INDEX outcomes_action ON "${s}".outcomes (action_id, occurred_at)`);
      await runner.query(`
        CREATE TABLE "${s}".mode_changes (
          source         text        NOT NULL,
          event_id       text        NOT NULL,
          domain         text        NOT NULL,
          mode           text        NOT NULL,
          previous_mode  text        NOT NULL,
          triggered_by   text        NOT NULL,
          reason         text        NOT NULL,
          since          timestamptz NOT NULL,
          changed_at     timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX mode_changes_domain ON "${s}".mode_changes (domain, since)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of ['mode_changes', 'outcomes', 'approvals', 'decisions', 'model_health', 'feed_latest', 'feed_health']) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
    }
  };
}
