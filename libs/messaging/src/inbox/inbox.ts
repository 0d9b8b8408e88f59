// The inbox: remembers which events a consumer has handled, by (source, id), in the same
// transaction as the handler's state change. A redelivered event (after a crash between the
// database commit and the offset commit, a producer retry, or a replay) is recognised and skipped.
import { EntityManager } from 'typeorm';
import { assertSchemaName } from '../database/schema-name';

export interface InboxKey {
  source: string;
  id: string;
  type: string;
}

export class Inbox {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly consumer: string,
  ) {
    this.table = `"${assertSchemaName(schema)}".inbox`;
  }

  /** True when this is the first time; false for a duplicate. Call inside the handler's transaction. */
  async claim(manager: EntityManager, key: InboxKey): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (consumer, source, event_id, type) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [this.consumer, key.source, key.id, key.type],
    );
    return rows.length === 1;
  }
}
