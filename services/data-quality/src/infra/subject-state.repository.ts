// Last-seen master data: one row per (subject, event type), read and written inside the
// handler's transaction so the state a score was computed against and the score commit together.
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import type { LastSeen, SubjectState } from '../domain/subject-state';
import type { EventRef } from '../domain/uniqueness';

interface StateRow {
  fact_time: string;
  state: SubjectState;
}

export class SubjectStateRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".subject_state`;
  }

  /** Locks the row (when there is one) until the transaction ends. */
  async load(manager: EntityManager, subject: string, eventType: string): Promise<LastSeen | undefined> {
    const rows: StateRow[] = await preparedQuery(
      manager,
      `SELECT fact_time, state FROM ${this.table} WHERE subject = $1 AND event_type = $2 FOR UPDATE`,
      [subject, eventType],
    );
    return rows[0] ? { factTime: rows[0].fact_time, state: rows[0].state } : undefined;
  }

  async save(manager: EntityManager, subject: string, eventType: string, seen: LastSeen, from: EventRef): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (subject, event_type, fact_time, state, source, event_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (subject, event_type) DO UPDATE
         SET fact_time = EXCLUDED.fact_time, state = EXCLUDED.state, source = EXCLUDED.source,
             event_id = EXCLUDED.event_id, updated_at = now()`,
      [subject, eventType, seen.factTime, JSON.stringify(seen.state), from.source, from.id],
    );
  }
}
