// The predictive-risk schema: model registry, per SKU-location demand and stock state, supplier
// terms and lateness, orders and customer credit as last seen, open needs (what was proposed and
// is still open), model input observations for drift, and demand forecasts for bias. Evidence
// columns hold the source event and data-quality score each row was last written from.
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { assertSchemaName, type MigrationClass } from '@governor/messaging';

export function predictiveRiskTablesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class PredictiveRiskTables1765200000000 implements MigrationInterface {
    name = 'PredictiveRiskTables1765200000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".model_registry (
          model_id         text        NOT NULL,
          version          text        NOT NULL,
          domain           text        NOT NULL,
          parameters       jsonb       NOT NULL,
          reference_window jsonb       NOT NULL DEFAULT '{}'::jsonb,
          created_at       timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (model_id, version)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".inventory_positions (
          sku        text             NOT NULL,
          location   text             NOT NULL,
          on_hand    double precision NOT NULL,
          allocated  double precision NOT NULL,
          in_transit double precision NOT NULL,
          unit_cost  double precision NOT NULL,
          as_of      timestamptz      NOT NULL,
          evidence   jsonb            NOT NULL,
          updated_at timestamptz      NOT NULL DEFAULT now(),
          PRIMARY KEY (sku, location)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".demand_states (
          sku           text             NOT NULL,
          location      text             NOT NULL,
          open_date     date             NOT NULL,
          open_quantity double precision NOT NULL,
          level         double precision,
          variance      double precision NOT NULL,
          days_observed integer          NOT NULL,
          evidence      jsonb            NOT NULL,
          updated_at    timestamptz      NOT NULL DEFAULT now(),
          PRIMARY KEY (sku, location)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".demand_forecasts (
          sku           text             NOT NULL,
          location      text             NOT NULL,
          target_date   date             NOT NULL,
          model_version text             NOT NULL,
          forecast      double precision NOT NULL,
          actual        double precision,
          made_at       timestamptz      NOT NULL DEFAULT now(),
          resolved_at   timestamptz,
          PRIMARY KEY (sku, location, target_date)
        )`);
      await runner.query(
        `CREATE INDEX demand_forecasts_resolved ON "${s}".demand_forecasts (model_version, resolved_at) WHERE actual IS NOT NULL`,
      );
      await runner.query(`
        CREATE TABLE "${s}".supplier_terms (
          supplier_id           text             NOT NULL,
          sku                   text             NOT NULL,
          unit_cost             double precision NOT NULL,
          min_order_quantity    double precision NOT NULL,
          quoted_lead_time_days integer          NOT NULL,
          effective_at          timestamptz      NOT NULL,
          evidence              jsonb            NOT NULL,
          PRIMARY KEY (supplier_id, sku)
        )`);
      await runner.query(`CREATE INDEX supplier_terms_sku ON "${s}".supplier_terms (sku)`);
      await runner.query(`
        CREATE TABLE "${s}".supplier_lateness (
          supplier_id text             NOT NULL,
          sku         text             NOT NULL,
          deliveries  integer          NOT NULL,
          mean_days   double precision NOT NULL,
          m2          double precision NOT NULL,
          updated_at  timestamptz      NOT NULL DEFAULT now(),
          PRIMARY KEY (supplier_id, sku)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".sales_orders (
          order_id            text             PRIMARY KEY,
          customer_id         text             NOT NULL,
          location            text             NOT NULL,
          requested_ship_date date             NOT NULL,
          priority            text             NOT NULL,
          amount              double precision NOT NULL,
          lines               jsonb            NOT NULL,
          delayed             boolean          NOT NULL DEFAULT false,
          hold_proposed       boolean          NOT NULL DEFAULT false,
          evidence            jsonb            NOT NULL,
          delay_evidence      jsonb,
          updated_at          timestamptz      NOT NULL DEFAULT now()
        )`);
      await runner.query(
        `CREATE INDEX sales_orders_held ON "${s}".sales_orders (customer_id) WHERE hold_proposed`,
      );
      await runner.query(`
        CREATE TABLE "${s}".customer_credit (
          customer_id   text             PRIMARY KEY,
          credit_limit  double precision NOT NULL,
          exposure      double precision NOT NULL,
          days_past_due integer          NOT NULL,
          as_of         timestamptz      NOT NULL,
          evidence      jsonb            NOT NULL
        )`);
      await runner.query(`
        CREATE TABLE "${s}".open_needs (
          need_key    text             PRIMARY KEY,
          action_type text             NOT NULL,
          action_id   text             NOT NULL,
          quantity    double precision NOT NULL,
          proposed_at timestamptz      NOT NULL
        )`);
      await runner.query(`
        CREATE TABLE "${s}".model_observations (
          id            bigserial        PRIMARY KEY,
          model_id      text             NOT NULL,
          model_version text             NOT NULL,
          input         text             NOT NULL,
          value         double precision NOT NULL,
          observed_at   timestamptz      NOT NULL DEFAULT now()
        )`);
      await runner.query(
        `CREATE INDEX model_observations_series ON "${s}".model_observations (model_id, model_version, input, id)`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of [
        'model_observations',
        'open_needs',
        'customer_credit',
        'sales_orders',
        'supplier_lateness',
        'supplier_terms',
        'demand_forecasts',
        'demand_states',
        'inventory_positions',
        'model_registry',
      ]) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
    }
  };
}
