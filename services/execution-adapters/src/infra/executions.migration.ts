// The executions table (one row per actionId: the idempotency record that makes execution happen
// once in effect) and the attempts table (every try to execute or compensate, with its outcome).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumnMigration, assertSchemaName, MigrationClass } from '@governor/messaging';

export function executionsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class Executions1764400100000 implements MigrationInterface {
    name = 'Executions1764400100000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".executions (
          action_id              text PRIMARY KEY,
          action_type            text NOT NULL,
          domain                 text NOT NULL,
          adapter                text NOT NULL,
          idempotency_key        text NOT NULL,
          approval_mode          text NOT NULL,
          approved               jsonb NOT NULL,
          state                  text NOT NULL,
          reason                 text,
          attempts               integer NOT NULL DEFAULT 0,
          next_attempt_at        timestamptz,
          lease_until            timestamptz,
          external_reference     text,
          details                jsonb,
          error                  text,
          duplicates             integer NOT NULL DEFAULT 0,
          compensation_attempts  integer NOT NULL DEFAULT 0,
          compensation_reference text,
          compensation_error     text,
          compensated_by         text,
          created_at             timestamptz NOT NULL DEFAULT now(),
          updated_at             timestamptz NOT NULL DEFAULT now(),
          executed_at            timestamptz,
          compensated_at         timestamptz
        )`);
      // What the retry scheduler looks for: due retries and attempts whose owner went away.
      await runner.query(`CREATE INDEX executions_due ON "${s}".executions (next_attempt_at) WHERE state = 'pending'`);
      await runner.query(
        `CREATE INDEX executions_leased ON "${s}".executions (lease_until) WHERE state IN ('executing', 'compensating')`,
      );
      await runner.query(`CREATE INDEX executions_state ON "${s}".executions (state, updated_at)`);
      await runner.query(`
        CREATE TABLE "${s}".execution_attempts (
          id                 bigserial PRIMARY KEY,
          action_id          text NOT NULL REFERENCES "${s}".executions (action_id),
          kind               text NOT NULL CHECK (kind IN ('execute', 'compensate')),
          attempt            integer NOT NULL,
          adapter            text NOT NULL,
          started_at         timestamptz NOT NULL DEFAULT now(),
          finished_at        timestamptz,
          outcome            text CHECK (outcome IN ('succeeded', 'retriable-failure', 'final-failure', 'interrupted')),
          error_code         text,
          error              text,
          external_reference text,
          duration_ms        integer,
          UNIQUE (action_id, kind, attempt)
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".execution_attempts`);
      await runner.query(`DROP TABLE "${s}".executions`);
    }
  };
}

/**
 * How many of an execution's attempts were refused by the target's open circuit: they never
 * reached the target, so they do not use up the attempts the retry policy allows.
 */
export function executionRefusalsMigration(schema: string): MigrationClass {
  return addColumnMigration(schema, {
    name: 'ExecutionRefusals1764400200000',
    table: 'executions',
    column: 'refusals',
    definition: 'integer NOT NULL DEFAULT 0',
  });
}

/**
 * The executions list's order (`GET /executions`, newest first, paged by its keyset): all of them,
 * and those in one state.
 */
export function executionListingMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ExecutionListing1766400000000 implements MigrationInterface {
    name = 'ExecutionListing1766400000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE INDEX executions_by_creation ON "${s}".executions (created_at, action_id)`);
      await runner.query(`CREATE INDEX executions_state_by_creation ON "${s}".executions (state, created_at, action_id)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX "${s}".executions_state_by_creation`);
      await runner.query(`DROP INDEX "${s}".executions_by_creation`);
    }
  };
}

/**
 * The trace context of the approved action an execution came from (W3C headers, as the record
 * carried them), so that an attempt the retry scheduler runs later continues the action's trace.
 */
export function executionTraceMigration(schema: string): MigrationClass {
  return addColumnMigration(schema, {
    name: 'ExecutionTrace1764400300000',
    table: 'executions',
    column: 'trace_headers',
    definition: 'jsonb',
  });
}
