// The transactional outbox: events a state change causes are written in the same Postgres
// transaction as the change, with the trace context of that moment, and published later by the
// relay. Either both the change and its events happen, or neither does. In a consumer runner's
// transaction the rows are written together when it is about to commit (commit-hooks.ts): a group
// of records costs one insert. Each row keeps the trace context of the moment it was enqueued.
// The rows a transaction inserted are kept with it (takeInserted), so that once it has committed
// they can be published at once (OutboxRelay.publishCommitted) without being read back.
import { EntityManager } from 'typeorm';
import { currentTraceHeaders } from '@governor/telemetry';
import { DeferredRows } from '../database/commit-hooks';
import { preparedQuery } from '../database/prepared-query';
import { assertSchemaName } from '../database/schema-name';
import { OutgoingRecord } from '../producer/event-publisher';

/** A row as inserted, with its id: what the relay publishes. */
export interface InsertedRow {
  id: string;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** A row before it is inserted. */
type OutboxRow = Omit<InsertedRow, 'id'>;

export class Outbox {
  readonly table: string;
  private readonly deferred = new DeferredRows<OutboxRow>((manager, rows) => this.insert(manager, rows));
  private readonly inserted = new WeakMap<EntityManager, InsertedRow[]>();

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".outbox`;
  }

  async enqueue(manager: EntityManager, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const trace = currentTraceHeaders();
    const rows = records.map(
      (record): OutboxRow => ({
        topic: record.topic,
        key: record.event.subject,
        value: JSON.stringify(record.event),
        headers: { ...trace, ...record.headers },
      }),
    );
    if (!this.deferred.add(manager, rows)) await this.insert(manager, rows);
  }

  /** The rows `manager`'s transaction inserted, in order, handed over once (after its commit). */
  takeInserted(manager: EntityManager): InsertedRow[] {
    const rows = this.inserted.get(manager) ?? [];
    this.inserted.delete(manager);
    return rows;
  }

  /** One statement of fixed text however many rows (arrays, in order): prepared once per connection. */
  private async insert(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    const ids = await preparedQuery<{ id: string }[]>(
      manager,
      `INSERT INTO ${this.table} (topic, message_key, value, headers)
       SELECT topic, message_key, value, headers
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS r(topic, message_key, value, headers, n) ORDER BY n
       RETURNING id`,
      [rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.value), rows.map((r) => JSON.stringify(r.headers))],
    );
    // Ids are given in insertion order (a sequence), and RETURNING names each row's.
    const sorted = ids.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const kept = this.inserted.get(manager) ?? [];
    rows.forEach((row, i) => kept.push({ id: sorted[i], ...row }));
    this.inserted.set(manager, kept);
  }
}
