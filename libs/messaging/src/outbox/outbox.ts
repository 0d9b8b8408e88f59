// The transactional outbox: events a state change causes are written in the same Postgres
// transaction as the change, with the trace context of that moment, and published later by the
// relay. Either both the change and its events happen, or neither does. In a consumer runner's
// transaction the rows are written together when it is about to commit (commit-hooks.ts): a group
// of records costs one insert. Each row keeps the trace context of the moment it was enqueued.
import { EntityManager } from 'typeorm';
import { currentTraceHeaders } from '@governor/telemetry';
import { DeferredRows } from '../database/commit-hooks';
import { assertSchemaName } from '../database/schema-name';
import { OutgoingRecord } from '../producer/event-publisher';

/** topic, message key, value, headers (JSON), as inserted. */
type OutboxRow = [string, string | undefined, string, string];

/** Rows per INSERT: 4 parameters each, well under Postgres's 65,535. */
const ROWS_PER_STATEMENT = 1_000;

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

  private async insert(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      const placeholders = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`);
      await manager.query(
        `INSERT INTO ${this.table} (topic, message_key, value, headers) VALUES ${placeholders.join(', ')}`,
        chunk.flat(),
      );
    }
  }
}
