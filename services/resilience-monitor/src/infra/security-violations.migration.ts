// The refusals services report (security.violation-recorded.v1), for the scorecard's access
// violations. Keyed by event, like the other facts, so a redelivered batch inserts nothing twice.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function securityViolationsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class SecurityViolations1764900000100 implements MigrationInterface {
    name = 'SecurityViolations1764900000100';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".security_violations (
          source      text        NOT NULL,
          event_id    text        NOT NULL,
          service     text        NOT NULL,
          kind        text        NOT NULL,
          code        text        NOT NULL,
          domain      text,
          count       integer     NOT NULL,
          last_at     timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX security_violations_time ON "${s}".security_violations (last_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".security_violations`);
    }
  };
}
