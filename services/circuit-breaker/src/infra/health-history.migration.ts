// Every domain-health report the breaker applied, so a domain's health can be drawn over time
// (`GET /domains/{domain}/health`); domain_state keeps only the latest. Pruned after
// BREAKER_HEALTH_KEEP_HOURS (app/health-retention.service.ts).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function healthHistoryMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class BreakerHealthHistory1764900000000 implements MigrationInterface {
    name = 'BreakerHealthHistory1764900000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".health_history (
          id          bigserial        PRIMARY KEY,
          domain      text             NOT NULL,
          reported_at timestamptz      NOT NULL,
          health      double precision NOT NULL,
          stale_feeds jsonb            NOT NULL DEFAULT '[]'::jsonb,
          reasons     jsonb            NOT NULL DEFAULT '[]'::jsonb
        )`);
      // The range read (a domain's reports by time, keyset on (reported_at, id)) and the pruning.
      await runner.query(`CREATE INDEX health_history_domain_time ON "${s}".health_history (domain, reported_at, id)`);
      await runner.query(`CREATE INDEX health_history_time ON "${s}".health_history (reported_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".health_history`);
    }
  };
}
