// The first event that stated each business fact, for the uniqueness dimension. A group's keys
// are claimed in one statement.
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import type { EventRef } from '../domain/uniqueness';

export interface KeyClaim {
  eventType: string;
  businessKey: string;
  event: EventRef;
}

interface HolderRow {
  event_type: string;
  business_key: string;
  source: string;
  event_id: string;
}

export class BusinessKeyRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".business_keys`;
  }

  /**
   * Records each claim's event as the holder of its key unless another event holds it already, and
   * returns every claim's holder, in order. Within `claims` the first claim of a key is the one
   * recorded, so later ones find it holding the key. The SELECT does not see the CTE's insert (one
   * snapshot), so each key comes from exactly one of the two branches; a key from neither (another
   * transaction inserted it meanwhile) is held, as far as this group knows, by its first claim.
   */
  async claimAll(manager: EntityManager, claims: readonly KeyClaim[]): Promise<EventRef[]> {
    const first = new Map<string, KeyClaim>();
    for (const claim of claims) {
      const key = keyOf(claim.eventType, claim.businessKey);
      if (!first.has(key)) first.set(key, claim);
    }
    if (first.size === 0) return [];
    const recorded = [...first.values()];
    const rows: HolderRow[] = await preparedQuery(
      manager,
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS i(event_type, business_key, source, event_id)
       ),
       claimed AS (
         INSERT INTO ${this.table} (event_type, business_key, source, event_id)
         SELECT event_type, business_key, source, event_id FROM input ORDER BY event_type, business_key
         ON CONFLICT (event_type, business_key) DO NOTHING
         RETURNING event_type, business_key, source, event_id
       )
       SELECT event_type, business_key, source, event_id FROM claimed
       UNION ALL
       SELECT k.event_type, k.business_key, k.source, k.event_id FROM ${this.table} k JOIN input USING (event_type, business_key)`,
      [recorded.map((c) => c.eventType), recorded.map((c) => c.businessKey), recorded.map((c) => c.event.source), recorded.map((c) => c.event.id)],
    );
    const holders = new Map(rows.map((row): [string, EventRef] => [keyOf(row.event_type, row.business_key), { source: row.source, id: row.event_id }]));
    return claims.map((claim) => {
      const key = keyOf(claim.eventType, claim.businessKey);
      return holders.get(key) ?? (first.get(key) as KeyClaim).event;
    });
  }
}

function keyOf(eventType: string, businessKey: string): string {
  return `${eventType}\u0000${businessKey}`;
}
