// The inbox: remembers which events a consumer has handled, by (source, id), in the same
// transaction as the handler's state change. A redelivered event (after a crash between the
// database commit and the offset commit, a producer retry, or a replay) is recognised and skipped.
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
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
    const rows: unknown[] = await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (consumer, source, event_id, type) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [this.consumer, key.source, key.id, key.type],
    );
    return rows.length === 1;
  }

  /**
   * `claim` for many events in one statement: for each key, in order, true when it is the first
   * time (a key repeated within `keys` is first only once).
   */
  async claimAll(manager: EntityManager, keys: readonly InboxKey[]): Promise<boolean[]> {
    if (keys.length === 1) return [await this.claim(manager, keys[0])];
    const rows: { source: string; event_id: string }[] = await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (consumer, source, event_id, type)
       SELECT $1, k.source, k.event_id, k.type FROM unnest($2::text[], $3::text[], $4::text[]) AS k(source, event_id, type)
       ON CONFLICT DO NOTHING RETURNING source, event_id`,
      [this.consumer, keys.map((k) => k.source), keys.map((k) => k.id), keys.map((k) => k.type)],
    );
    const claimed = new Set(rows.map((r) => JSON.stringify([r.source, r.event_id])));
    return keys.map((k) => claimed.delete(JSON.stringify([k.source, k.id])));
  }

  /** Forgets claims made in this transaction (records a handler refused), so that they count as new again. */
  async release(manager: EntityManager, keys: readonly InboxKey[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(
      `DELETE FROM ${this.table} AS i USING unnest($2::text[], $3::text[]) AS k(source, event_id)
       WHERE i.consumer = $1 AND i.source = k.source AND i.event_id = k.event_id`,
      [this.consumer, keys.map((k) => k.source), keys.map((k) => k.id)],
    );
  }
}
