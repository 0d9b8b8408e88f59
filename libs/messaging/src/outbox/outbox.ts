// The transactional outbox: events a state change causes are written in the same Postgres
// transaction as the change, with the trace context of that moment, and published later by the
// relay. Either both the change and its events happen, or neither does. In a consumer runner's
// transaction the rows are written together when it is about to commit (commit-hooks.ts): a group
// of records costs one insert. Each row keeps the trace context of the moment it was enqueued.
import { EntityManager } from 'typeorm';
import { currentTraceHeaders } from '@governor/telemetry';
import { DeferredRows } from '../database/commit-hooks';
import { preparedQuery } from '../database/prepared-query';
import { assertSchemaName } from '../database/schema-name';
import { OutgoingRecord } from '../producer/event-publisher';

/** topic, message key, value, headers (JSON), as inserted. */
type OutboxRow = [string, string | undefined, string, string];

export class Outbox {
  readonly table: string;
  private readonly deferred = new DeferredRows<OutboxRow>((manager, rows) => this.insert(manager, rows));

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".outbox`;
  }

  async enqueue(manager: EntityManager, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const trace = currentTraceHeaders();
    const rows = records.map((record): OutboxRow => [
      record.topic,
      record.event.subject,
      JSON.stringify(record.event),
      JSON.stringify({ ...trace, ...record.headers }),
    ]);
    if (!this.deferred.add(manager, rows)) await this.insert(manager, rows);
  }

  /** One statement of fixed text however many rows (arrays, in order): prepared once per connection. */
  private async insert(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (topic, message_key, value, headers)
       SELECT topic, message_key, value, headers
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS r(topic, message_key, value, headers, n) ORDER BY n`,
      [rows.map((r) => r[0]), rows.map((r) => r[1] ?? null), rows.map((r) => r[2]), rows.map((r) => r[3])],
    );
  }
}
