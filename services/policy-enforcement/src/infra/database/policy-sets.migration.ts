// Policy sets (domain/policy-sets.ts): each version belongs to a set (the versions stored before
// are the central set's), each domain set's active version has a pointer of its own beside the
// central set's (active_policy, unchanged), and each decision keeps the version of every set it was
// decided under.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName, type MigrationClass } from '@governor/messaging';

export function policySetsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class PolicySets1780100000000 implements MigrationInterface {
    name = 'PolicySets1780100000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".policy_versions ADD COLUMN policy_set text NOT NULL DEFAULT 'central'`);
      await runner.query(`CREATE INDEX policy_versions_set ON "${s}".policy_versions (policy_set, version)`);
      await runner.query(`
        CREATE TABLE "${s}".active_policy_sets (
          policy_set   text        PRIMARY KEY,
          version      integer     NOT NULL REFERENCES "${s}".policy_versions (version),
          activated_by text        NOT NULL,
          activated_at timestamptz NOT NULL
        )`);
      await runner.query(`ALTER TABLE "${s}".decisions ADD COLUMN policy_sets jsonb`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".decisions DROP COLUMN policy_sets`);
      await runner.query(`DROP TABLE "${s}".active_policy_sets`);
      await runner.query(`ALTER TABLE "${s}".policy_versions DROP COLUMN policy_set`);
    }
  };
}
