// The source registry in Postgres: every instance reads it (SourceRegistryService keeps a copy in
// memory); an operator's registration replaces the source's row.
import { assertSchemaName } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import type { RegisteredSource } from '../domain/source-registry';

interface SourceRow {
  source: string;
  owner: string;
  event_types: string[];
  description: string;
  registered_by: string;
  registered_at: Date;
}

export class SourceRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".sources`;
  }

  async all(manager: EntityManager): Promise<RegisteredSource[]> {
    const rows: SourceRow[] = await manager.query(
      `SELECT source, owner, event_types, description, registered_by, registered_at FROM ${this.table} ORDER BY source`,
    );
    return rows.map(fromRow);
  }

  /** Stores the registration over any earlier one and answers the earlier one (for the audit entry). */
  async put(manager: EntityManager, entry: RegisteredSource): Promise<RegisteredSource | undefined> {
    const before: SourceRow[] = await manager.query(
      `SELECT source, owner, event_types, description, registered_by, registered_at FROM ${this.table} WHERE source = $1 FOR UPDATE`,
      [entry.source],
    );
    await manager.query(
      `INSERT INTO ${this.table} (source, owner, event_types, description, registered_by, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source) DO UPDATE SET owner = EXCLUDED.owner, event_types = EXCLUDED.event_types,
         description = EXCLUDED.description, registered_by = EXCLUDED.registered_by, registered_at = EXCLUDED.registered_at`,
      [entry.source, entry.owner, entry.eventTypes, entry.description, entry.registeredBy, entry.registeredAt],
    );
    return before[0] ? fromRow(before[0]) : undefined;
  }

  /** Registers the sources that are not registered yet (configuration's declared feeds); answers those it added. */
  async addMissing(manager: EntityManager, entries: readonly RegisteredSource[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows: { source: string }[] = await manager.query(
      `INSERT INTO ${this.table} (source, owner, event_types, description, registered_by, registered_at)
       SELECT s.source, s.owner, string_to_array(s.event_types, ','), s.description, s.registered_by, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(source, owner, event_types, description, registered_by)
       ON CONFLICT (source) DO NOTHING
       RETURNING source`,
      [
        entries.map((e) => e.source),
        entries.map((e) => e.owner),
        entries.map((e) => e.eventTypes.join(',')),
        entries.map((e) => e.description),
        entries.map((e) => e.registeredBy),
      ],
    );
    return rows.map((r) => r.source);
  }
}

function fromRow(row: SourceRow): RegisteredSource {
  return {
    source: row.source,
    owner: row.owner,
    eventTypes: row.event_types,
    description: row.description,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
  };
}
