// Last-seen master data: one row per (subject, event type), read and written inside the
// consumer's transaction so the state a score was computed against and the score commit together.
// A group's states are read in one statement and the changed ones written in one.
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import type { ChangedState, StateKey, StoredState } from '../domain/subject-states';
import type { SubjectState } from '../domain/subject-state';

interface StateRow {
  subject: string;
  event_type: string;
  fact_time: string;
  state: SubjectState;
}

export class SubjectStateRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".subject_state`;
  }

  /**
   * The stored states of `keys` (a key may repeat), locked until the transaction ends: another
   * instance taking over a partition waits instead of scoring against a state about to change.
   * Locked in key order, like saveAll writes, so two groups never deadlock on them.
   */
  async loadAll(manager: EntityManager, keys: readonly StateKey[]): Promise<StoredState[]> {
    if (keys.length === 0) return [];
    const rows: StateRow[] = await preparedQuery(
      manager,
      `SELECT subject, event_type, fact_time, state FROM ${this.table}
       WHERE (subject, event_type) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY subject, event_type
       FOR UPDATE`,
      [keys.map((k) => k.subject), keys.map((k) => k.eventType)],
    );
    return rows.map((row) => ({ subject: row.subject, eventType: row.event_type, seen: { factTime: row.fact_time, state: row.state } }));
  }

  /** Writes each state (one per key) over the stored one. */
  async saveAll(manager: EntityManager, states: readonly ChangedState[]): Promise<void> {
    if (states.length === 0) return;
    await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (subject, event_type, fact_time, state, source, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[])
         AS s(subject, event_type, fact_time, state, source, event_id)
       ORDER BY subject, event_type
       ON CONFLICT (subject, event_type) DO UPDATE
         SET fact_time = EXCLUDED.fact_time, state = EXCLUDED.state, source = EXCLUDED.source,
             event_id = EXCLUDED.event_id, updated_at = now()`,
      [
        states.map((s) => s.subject),
        states.map((s) => s.eventType),
        states.map((s) => s.seen.factTime),
        states.map((s) => JSON.stringify(s.seen.state)),
        states.map((s) => s.from.source),
        states.map((s) => s.from.id),
      ],
    );
  }
}
