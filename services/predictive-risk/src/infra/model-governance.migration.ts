// Model governance: demand sensing's Holt-Winters state (trend and weekly seasonal indices beside the
// level); each registered model version's lifecycle: status (and its history), validation,
// promotion, in shadow its comparison with the champion on live traffic, and order fulfilment's
// calibration; and each order's judgement at placement with its outcome.
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { assertSchemaName, type MigrationClass } from '@governor/messaging';

export function modelGovernanceMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ModelGovernance1765300000000 implements MigrationInterface {
    name = 'ModelGovernance1765300000000';

    async up(runner: QueryRunner): Promise<void> {
      // A state kept by simple smoothing carries on as Holt-Winters with no trend and flat seasons.
      await runner.query(`
        ALTER TABLE "${s}".demand_states
          ADD COLUMN trend    double precision NOT NULL DEFAULT 0,
          ADD COLUMN seasonal jsonb            NOT NULL DEFAULT '[0,0,0,0,0,0,0]'::jsonb`);
      // Versions registered before this ran were the ones in use: the newest of each model is its champion.
      await runner.query(`
        ALTER TABLE "${s}".model_registry
          ADD COLUMN status            text        NOT NULL DEFAULT 'retired'
            CHECK (status IN ('candidate', 'shadow', 'champion', 'retired')),
          ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now(),
          ADD COLUMN status_history    jsonb       NOT NULL DEFAULT '[]'::jsonb,
          ADD COLUMN validation        jsonb,
          ADD COLUMN promotion         jsonb,
          ADD COLUMN shadow            jsonb,
          ADD COLUMN calibration       jsonb`);
      // What order-fulfilment risk is calibrated on: each order as judged at placement, and how it ended.
      await runner.query(`
        ALTER TABLE "${s}".sales_orders
          ADD COLUMN judgement jsonb,
          ADD COLUMN outcome   text CHECK (outcome IN ('on-time', 'late'))`);
      await runner.query(`
        UPDATE "${s}".model_registry SET status = 'champion'
         WHERE (model_id, version) IN (SELECT DISTINCT ON (model_id) model_id, version FROM "${s}".model_registry
                                        ORDER BY model_id, created_at DESC, version DESC)`);
      await runner.query(
        `CREATE UNIQUE INDEX model_registry_one_champion ON "${s}".model_registry (model_id) WHERE status = 'champion'`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX "${s}".model_registry_one_champion`);
      await runner.query(
        `ALTER TABLE "${s}".model_registry DROP COLUMN status, DROP COLUMN status_changed_at, DROP COLUMN status_history, DROP COLUMN validation, DROP COLUMN promotion, DROP COLUMN shadow, DROP COLUMN calibration`,
      );
      await runner.query(`ALTER TABLE "${s}".sales_orders DROP COLUMN judgement, DROP COLUMN outcome`);
      await runner.query(`ALTER TABLE "${s}".demand_states DROP COLUMN trend, DROP COLUMN seasonal`);
    }
  };
}
