// The inbox and outbox tables, created in a service's own schema by TypeORM migrations that each
// service lists among its migrations (schemas change only through migrations).
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertSchemaName } from './schema-name';

export type MigrationClass = new () => MigrationInterface;

/**
 * A migration that adds one column to one of a service's tables, and drops it on the way down.
 * `name` is the migration's name as recorded (a JavaScript timestamp at its end, as TypeORM wants).
 */
export function addColumnMigration(
  schema: string,
  migration: { name: string; table: string; column: string; definition: string },
): MigrationClass {
  const table = `"${assertSchemaName(schema)}".${migration.table}`;
  return class implements MigrationInterface {
    name = migration.name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN ${migration.column} ${migration.definition}`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN ${migration.column}`);
    }
  };
}

/**
 * The messaging tables' migrations, in order: every service lists them first among its own, so a
 * new one here reaches every service.
 */
export function messagingMigrations(schema: string): MigrationClass[] {
  return [messagingTablesMigration(schema), messagingRetentionMigration(schema)];
}

export function messagingTablesMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class MessagingTables1764150000000 implements MigrationInterface {
    name = 'MessagingTables1764150000000';

    async up(runner: QueryRunner): Promise<void> {
      // (consumer, source, event_id): a consumed event is handled at most once per consumer.
      await runner.query(`
        CREATE TABLE "${s}".inbox (
          consumer    text        NOT NULL,
          source      text        NOT NULL,
          event_id    text        NOT NULL,
          type        text        NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, source, event_id)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".outbox (
          id          bigserial   PRIMARY KEY,
          topic       text        NOT NULL,
          message_key text,
          value       text        NOT NULL,
          headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
          created_at  timestamptz NOT NULL DEFAULT now(),
          sent_at     timestamptz
        )`);
      await runner.query(`CREATE INDEX outbox_unsent ON "${s}".outbox (id) WHERE sent_at IS NULL`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".outbox`);
      await runner.query(`DROP TABLE "${s}".inbox`);
    }
  };
}

/**
 * What pruning the inbox needs (MessagingRetention): its rows in the order they were received, so
 * the oldest are found without reading the whole table.
 */
export function messagingRetentionMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class MessagingRetention1766000000000 implements MigrationInterface {
    name = 'MessagingRetention1766000000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE INDEX inbox_received ON "${s}".inbox (received_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX "${s}".inbox_received`);
    }
  };
}
