// What credit risk is calibrated on: every customer exposure update as the model judged it
// (utilisation, days past due, the formula's risk), in arrival order; its outcome is read from the
// same customer's later updates (domain/models/credit-outcomes.ts).
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { assertSchemaName, type MigrationClass } from '@governor/messaging';

export function creditHistoryMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class CreditHistory1765400000000 implements MigrationInterface {
    name = 'CreditHistory1765400000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".credit_history (
          id            bigserial        PRIMARY KEY,
          customer_id   text             NOT NULL,
          as_of         timestamptz      NOT NULL,
          utilisation   double precision NOT NULL,
          days_past_due double precision NOT NULL,
          formula_risk  double precision NOT NULL
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".credit_history`);
    }
  };
}
