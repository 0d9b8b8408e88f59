// The breaker's tables: the current state of each domain (the one source of truth a restart rebuilds
// from), every mode change with its reason, and the history of operator overrides.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function breakerTablesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class BreakerTables1764300000000 implements MigrationInterface {
    name = 'BreakerTables1764300000000';

    async up(runner: QueryRunner): Promise<void> {
      // One row per domain, locked FOR UPDATE by whoever changes it (health handler or operator).
      await runner.query(`
        CREATE TABLE "${s}".domain_state (
          domain             text        PRIMARY KEY,
          mode               text        NOT NULL,
          since              timestamptz NOT NULL,
          healthy_streak     integer     NOT NULL DEFAULT 0,
          override_mode      text,
          override_by        text,
          override_reason    text,
          override_at        timestamptz,
          health             double precision,
          stale_feeds        jsonb       NOT NULL DEFAULT '[]'::jsonb,
          health_reasons     jsonb       NOT NULL DEFAULT '[]'::jsonb,
          health_reported_at timestamptz,
          updated_at         timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`
        CREATE TABLE "${s}".mode_history (
          id            bigserial   PRIMARY KEY,
          event_id      uuid        NOT NULL UNIQUE,
          domain        text        NOT NULL,
          mode          text        NOT NULL,
          previous_mode text        NOT NULL,
          reason        text        NOT NULL,
          triggered_by  text        NOT NULL,
          since         timestamptz NOT NULL,
          recorded_at   timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`CREATE INDEX mode_history_domain ON "${s}".mode_history (domain, id DESC)`);
      await runner.query(`
        CREATE TABLE "${s}".override_history (
          id       bigserial   PRIMARY KEY,
          domain   text        NOT NULL,
          action   text        NOT NULL CHECK (action IN ('force', 'clear')),
          mode     text,
          user_id  text        NOT NULL,
          reason   text        NOT NULL,
          at       timestamptz NOT NULL
        )`);
      await runner.query(`CREATE INDEX override_history_domain ON "${s}".override_history (domain, id DESC)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".override_history`);
      await runner.query(`DROP TABLE "${s}".mode_history`);
      await runner.query(`DROP TABLE "${s}".domain_state`);
    }
  };
}
