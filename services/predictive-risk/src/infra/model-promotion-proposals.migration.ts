// Each refit's promotion proposal (planning.promote-model-version): its actionId, when it was
// proposed and whether it beat the champion, kept on the version's registry row so that a refit
// is proposed once.
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { assertSchemaName, type MigrationClass } from '@governor/messaging';

export function modelPromotionProposalsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ModelPromotionProposals1765500000000 implements MigrationInterface {
    name = 'ModelPromotionProposals1765500000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".model_registry ADD COLUMN proposal jsonb`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".model_registry DROP COLUMN proposal`);
    }
  };
}
