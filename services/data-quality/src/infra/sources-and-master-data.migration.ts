// The source registry (which source may publish which event types, and who owns it) and the master
// data data-quality keeps (one row per entity, the latest record its owner published). Changed
// only through migrations.
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function sourcesAndMasterDataMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class SourcesAndMasterData1780000000000 implements MigrationInterface {
    name = 'SourcesAndMasterData1780000000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".sources (
          source        text        PRIMARY KEY,
          owner         text        NOT NULL,
          event_types   text[]      NOT NULL,
          description   text        NOT NULL DEFAULT '',
          registered_by text        NOT NULL,
          registered_at timestamptz NOT NULL DEFAULT now()
        )`);
      // fact_time: the record's CloudEvents time; an older record never overwrites a newer one.
      await runner.query(`
        CREATE TABLE "${s}".master_data (
          entity_type text        NOT NULL,
          entity_id   text        NOT NULL,
          active      boolean     NOT NULL,
          owner       text        NOT NULL,
          unit_cost   double precision,
          record      jsonb       NOT NULL,
          fact_time   timestamptz NOT NULL,
          source      text        NOT NULL,
          event_id    text        NOT NULL,
          updated_at  timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (entity_type, entity_id)
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".master_data`);
      await runner.query(`DROP TABLE "${s}".sources`);
    }
  };
}
