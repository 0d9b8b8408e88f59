// The shadow runs a model health report carries (risk.model-health-reported.v1 `shadows`: a shadow
// version scored beside its champion on the same live forecasts), for the scorecard's shadow vs
// champion figure. Kept with the report, as it came.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function shadowRunsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ShadowRuns1765000000100 implements MigrationInterface {
    name = 'ShadowRuns1765000000100';

    async up(runner: QueryRunner): Promise<void> {
      // Reports stored before this migration, and those without the field, had no shadow run.
      await runner.query(`ALTER TABLE "${s}".model_health ADD COLUMN shadows jsonb NOT NULL DEFAULT '[]'`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".model_health DROP COLUMN shadows`);
    }
  };
}
