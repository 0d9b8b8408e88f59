// Where the tests' Kafka and Postgres are. Tests refuse a database whose name does not say "test",
// so a mistaken DATABASE_URL can never point them at real data.
import { randomBytes } from 'node:crypto';

export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim());
}

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/governor_test';
  const database = new URL(url).pathname.replace(/^\//, '');
  if (!database.includes('test')) {
    throw new Error(`refusing to run tests against database "${database}": its name must contain "test"`);
  }
  return url;
}

/** A name no other test (or earlier run) uses: for topics, groups, schemas and ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A fresh Postgres schema name (identifiers: lower case and underscores). */
export function uniqueSchema(prefix = 't'): string {
  return uniqueName(prefix).replace(/-/g, '_');
}
