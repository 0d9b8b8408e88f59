// The first event that stated each business fact, for the uniqueness dimension.
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import type { EventRef } from '../domain/uniqueness';

export class BusinessKeyRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".business_keys`;
  }

  /**
   * Records `event` as the holder of the key unless another event holds it already; returns the
   * holder either way, in one round trip. The SELECT does not see the CTE's insert (one snapshot),
   * so exactly one of the two branches yields a row.
   */
  async claim(manager: EntityManager, eventType: string, businessKey: string, event: EventRef): Promise<EventRef> {
    const rows: { source: string; event_id: string }[] = await preparedQuery(
      manager,
      `WITH claimed AS (
         INSERT INTO ${this.table} (event_type, business_key, source, event_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_type, business_key) DO NOTHING
         RETURNING source, event_id
       )
       SELECT source, event_id FROM claimed
       UNION ALL
       SELECT source, event_id FROM ${this.table} WHERE event_type = $1 AND business_key = $2`,
      [eventType, businessKey, event.source, event.id],
    );
    return rows[0] ? { source: rows[0].source, id: rows[0].event_id } : event;
  }

  /** Forgets keys first seen before `before`: a repeat that late is a new fact, not a duplicate. */
  async prune(manager: EntityManager, before: Date): Promise<void> {
    await preparedQuery(manager, `DELETE FROM ${this.table} WHERE first_seen_at < $1`, [before]);
  }
}
