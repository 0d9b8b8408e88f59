// The facts of the scorecard's outcomes (src/domain/business-outcomes.ts, governance-outcomes.ts):
// the reasons of each decision (policy violations by policy), the attempts of each outcome (an
// execution that succeeded on a retry), orders and shipment reports (fill rate, cycle time), and
// daily demand forecasts and actuals (forecast accuracy), and the automatic approvals execution
// held for review (fallback reliability). Keyed by what identifies each fact, like
// the other tables, so a redelivered batch inserts nothing twice.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { MigrationClass } from '@governor/messaging';

export function scorecardOutcomesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ScorecardOutcomes1764950000100 implements MigrationInterface {
    name = 'ScorecardOutcomes1764950000100';

    async up(runner: QueryRunner): Promise<void> {
      // Rows stored before this migration knew neither: no reasons, one attempt.
      await runner.query(`ALTER TABLE "${s}".decisions ADD COLUMN reasons jsonb NOT NULL DEFAULT '[]'`);
      await runner.query(`ALTER TABLE "${s}".outcomes ADD COLUMN attempts integer NOT NULL DEFAULT 1`);
      await runner.query(`
        CREATE TABLE "${s}".orders (
          source     text        NOT NULL,
          event_id   text        NOT NULL,
          order_id   text        NOT NULL,
          placed_at  timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX orders_time ON "${s}".orders (placed_at)`);
      await runner.query(`
        CREATE TABLE "${s}".shipments (
          source       text        NOT NULL,
          event_id     text        NOT NULL,
          order_id     text        NOT NULL,
          shipment_id  text        NOT NULL,
          status       text        NOT NULL,
          reported_at  timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX shipments_order ON "${s}".shipments (order_id, reported_at)`);
      await runner.query(`
        CREATE TABLE "${s}".demand_actuals (
          source       text             NOT NULL,
          event_id     text             NOT NULL,
          subject      text             NOT NULL,
          day          date             NOT NULL,
          quantity     double precision NOT NULL,
          recorded_at  timestamptz      NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX demand_actuals_time ON "${s}".demand_actuals (recorded_at)`);
      await runner.query(`
        CREATE TABLE "${s}".demand_forecasts (
          action_id      text             PRIMARY KEY,
          domain         text             NOT NULL,
          model_id       text             NOT NULL,
          model_version  text             NOT NULL,
          subject        text             NOT NULL,
          daily_demand   double precision NOT NULL,
          made_at        timestamptz      NOT NULL
        )`);
      await runner.query(`CREATE INDEX demand_forecasts_subject ON "${s}".demand_forecasts (subject, made_at)`);
      await runner.query(`
        CREATE TABLE "${s}".review_requests (
          source        text        NOT NULL,
          event_id      text        NOT NULL,
          action_id     text        NOT NULL,
          domain        text        NOT NULL,
          domain_mode   text        NOT NULL,
          requested_at  timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX review_requests_time ON "${s}".review_requests (requested_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of ['review_requests', 'demand_forecasts', 'demand_actuals', 'shipments', 'orders']) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
      await runner.query(`ALTER TABLE "${s}".outcomes DROP COLUMN attempts`);
      await runner.query(`ALTER TABLE "${s}".decisions DROP COLUMN reasons`);
    }
  };
}
