// Whether each feed's source is trusted (data-quality's source registry, `trusted` on
// quality.feed-health-reported.v1): an agent's proposal judged on an untrusted feed names it among
// its data-quality issues. A report without the field (before 1.1) counts as trusted.
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function feedHealthTrustMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class FeedHealthTrust1780000000000 implements MigrationInterface {
    name = 'FeedHealthTrust1780000000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".feed_health ADD COLUMN trusted boolean NOT NULL DEFAULT true`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".feed_health DROP COLUMN trusted`);
    }
  };
}
