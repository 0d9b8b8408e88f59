// The simulated ERP/WMS's tables. Every record a caller creates keeps the Idempotency-Key it was
// created with (unique), so a repeated call finds the first result instead of making a second one.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName, MigrationClass } from '@governor/messaging';

export function erpSchemaMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ErpSchema1764400000000 implements MigrationInterface {
    name = 'ErpSchema1764400000000';

    async up(runner: QueryRunner): Promise<void> {
      for (const [sequence] of SEQUENCES) await runner.query(`CREATE SEQUENCE "${s}".${sequence}`);
      await runner.query(`
        CREATE TABLE "${s}".purchase_orders (
          id              text PRIMARY KEY DEFAULT ${id(s, 'PO')},
          idempotency_key text UNIQUE,
          request_hash    text NOT NULL,
          supplier_id     text NOT NULL,
          sku             text NOT NULL,
          location        text NOT NULL,
          quantity        double precision NOT NULL,
          unit_cost       double precision NOT NULL,
          amount          double precision NOT NULL,
          need_by         text NOT NULL,
          reference       text,
          status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
          created_at      timestamptz NOT NULL DEFAULT now(),
          cancelled_at    timestamptz
        )`);
      await runner.query(`
        CREATE TABLE "${s}".expedite_requests (
          id                text PRIMARY KEY DEFAULT ${id(s, 'EXP')},
          idempotency_key   text UNIQUE,
          request_hash      text NOT NULL,
          purchase_order_id text NOT NULL,
          supplier_id       text NOT NULL,
          reason            text NOT NULL,
          reference         text,
          status            text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'withdrawn')),
          created_at        timestamptz NOT NULL DEFAULT now(),
          withdrawn_at      timestamptz
        )`);
      // A transfer is two steps in the WMS: issued at the source, received at the destination.
      await runner.query(`
        CREATE TABLE "${s}".stock_transfers (
          id              text PRIMARY KEY DEFAULT ${id(s, 'TR')},
          idempotency_key text UNIQUE,
          request_hash    text NOT NULL,
          sku             text NOT NULL,
          from_location   text NOT NULL,
          to_location     text NOT NULL,
          quantity        double precision NOT NULL,
          reference       text,
          status          text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'received', 'reversed')),
          issued_at       timestamptz NOT NULL DEFAULT now(),
          received_at     timestamptz,
          reversed_at     timestamptz
        )`);
      await runner.query(`
        CREATE TABLE "${s}".orders (
          order_id   text PRIMARY KEY,
          priority   text NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`
        CREATE TABLE "${s}".priority_changes (
          id                text PRIMARY KEY DEFAULT ${id(s, 'PRI')},
          idempotency_key   text UNIQUE,
          request_hash      text NOT NULL,
          order_id          text NOT NULL REFERENCES "${s}".orders (order_id),
          previous_priority text NOT NULL,
          priority          text NOT NULL,
          reason            text,
          changed_at        timestamptz NOT NULL DEFAULT now()
        )`);
      await runner.query(`CREATE INDEX priority_changes_order ON "${s}".priority_changes (order_id, changed_at)`);
      await runner.query(`
        CREATE TABLE "${s}".credit_holds (
          id              text PRIMARY KEY DEFAULT ${id(s, 'HOLD')},
          idempotency_key text UNIQUE,
          request_hash    text NOT NULL,
          order_id        text NOT NULL,
          customer_id     text NOT NULL,
          amount          double precision NOT NULL,
          reason          text NOT NULL,
          reference       text,
          status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released')),
          release_key     text UNIQUE,
          placed_at       timestamptz NOT NULL DEFAULT now(),
          released_at     timestamptz
        )`);
      // An order is held at most once at a time.
      await runner.query(
        `CREATE UNIQUE INDEX credit_holds_one_active ON "${s}".credit_holds (order_id) WHERE status = 'active'`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of ['credit_holds', 'priority_changes', 'orders', 'stock_transfers', 'expedite_requests', 'purchase_orders']) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
      for (const [sequence] of SEQUENCES) await runner.query(`DROP SEQUENCE "${s}".${sequence}`);
    }
  };
}

const SEQUENCE_OF_PREFIX = { PO: 'po_seq', EXP: 'exp_seq', TR: 'tr_seq', PRI: 'pri_seq', HOLD: 'hold_seq' } as const;
const SEQUENCES = Object.values(SEQUENCE_OF_PREFIX).map((sequence) => [sequence]);

/** Readable ERP document numbers such as PO-000042. */
function id(schema: string, prefix: keyof typeof SEQUENCE_OF_PREFIX): string {
  return `('${prefix}-' || lpad(nextval('"${schema}".${SEQUENCE_OF_PREFIX[prefix]}')::text, 6, '0'))`;
}
