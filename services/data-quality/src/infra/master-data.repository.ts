// The master data data-quality keeps: the latest record of each entity, written a group at a time
// in the consumer's transaction, and read a group at a time for scoring (the entities the group
// names, and which entity types have any record) in one statement.
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import { MASTER_ENTITY_TYPES, MasterDataView, type EntityRef, type MasterEntity, type MasterEntityType } from '../domain/master-data';

/** One entity's record as the handler stores it. */
export interface MasterRecord extends MasterEntity {
  record: object;
  factTime: string;
  source: string;
  eventId: string;
}

interface ViewRow {
  entity_type: MasterEntityType;
  entity_id: string | null;
  active: boolean | null;
  owner: string | null;
  unit_cost: number | null;
}

export class MasterDataRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".master_data`;
  }

  /** The entities `refs` name that exist, and (rows without an id) each entity type that has any record. */
  async view(manager: EntityManager, refs: readonly EntityRef[]): Promise<MasterDataView> {
    const rows: ViewRow[] = await preparedQuery(
      manager,
      `SELECT m.entity_type, m.entity_id, m.active, m.owner, m.unit_cost FROM ${this.table} m
       WHERE (m.entity_type, m.entity_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       UNION ALL
       SELECT t.entity_type, NULL, NULL, NULL, NULL FROM unnest($3::text[]) AS t(entity_type)
       WHERE EXISTS (SELECT 1 FROM ${this.table} x WHERE x.entity_type = t.entity_type)`,
      [refs.map((r) => r.entityType), refs.map((r) => r.entityId), [...MASTER_ENTITY_TYPES]],
    );
    const entities: MasterEntity[] = [];
    const types = new Set<MasterEntityType>();
    for (const row of rows) {
      if (row.entity_id === null) types.add(row.entity_type);
      else entities.push({ entityType: row.entity_type, entityId: row.entity_id, active: row.active ?? false, owner: row.owner ?? '', unitCost: row.unit_cost });
    }
    return new MasterDataView(entities, types);
  }

  /** Writes each record over the stored one unless the stored one is newer (one record per entity). */
  async upsertAll(manager: EntityManager, records: readonly MasterRecord[]): Promise<void> {
    if (records.length === 0) return;
    await preparedQuery(
      manager,
      `INSERT INTO ${this.table} AS m (entity_type, entity_id, active, owner, unit_cost, record, fact_time, source, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::float8[], $6::jsonb[], $7::timestamptz[], $8::text[], $9::text[])
       ORDER BY 1, 2
       ON CONFLICT (entity_type, entity_id) DO UPDATE
         SET active = EXCLUDED.active, owner = EXCLUDED.owner, unit_cost = EXCLUDED.unit_cost, record = EXCLUDED.record,
             fact_time = EXCLUDED.fact_time, source = EXCLUDED.source, event_id = EXCLUDED.event_id, updated_at = now()
         WHERE m.fact_time <= EXCLUDED.fact_time`,
      [
        records.map((r) => r.entityType),
        records.map((r) => r.entityId),
        records.map((r) => r.active),
        records.map((r) => r.owner),
        records.map((r) => r.unitCost),
        records.map((r) => JSON.stringify(r.record)),
        records.map((r) => r.factTime),
        records.map((r) => r.source),
        records.map((r) => r.eventId),
      ],
    );
  }
}
