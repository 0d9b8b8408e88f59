// A business table for test fixtures' state changes, so tests can count what was really done.
import { MigrationInterface, QueryRunner } from 'typeorm';

export function handledTableMigration(schema: string): new () => MigrationInterface {
  return class HandledTable1764150000001 implements MigrationInterface {
    name = 'HandledTable1764150000001';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(
        `CREATE TABLE "${schema}".handled (id bigserial PRIMARY KEY, event_id text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
      );
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".handled`);
    }
  };
}
