// The transactional outbox: events a state change causes are written in the same Postgres
// transaction as the change, with the trace context of that moment, and published later by the
// relay. Either both the change and its events happen, or neither does.
import { EntityManager } from 'typeorm';
import { currentTraceHeaders } from '@governor/telemetry';
import { assertSchemaName } from '../database/schema-name';
import { OutgoingRecord } from '../producer/event-publisher';

export class Outbox {
  readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".outbox`;
  }

  async enqueue(manager: EntityManager, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const trace = currentTraceHeaders();
    const values: unknown[] = [];
    const rows = records.map((record, i) => {
      values.push(
        record.topic,
        record.event.subject,
        JSON.stringify(record.event),
        JSON.stringify({ ...trace, ...record.headers }),
      );
      const p = i * 4;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO ${this.table} (topic, message_key, value, headers) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
