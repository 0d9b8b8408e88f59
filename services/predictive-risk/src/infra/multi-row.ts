// One statement for many rows: INSERT ... VALUES (...), (...) ON CONFLICT (key) DO UPDATE, so a
// record's state changes cost one round trip per table, not one per row or field.
import { type EntityManager } from 'typeorm';
import { preparedQuery } from '@governor/messaging';

export interface UpsertSpec {
  /** Schema-qualified and quoted, e.g. "predictive_risk".demand_states. */
  readonly table: string;
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /** Assignments on conflict; defaults to every non-key column from EXCLUDED. */
  readonly set?: readonly string[];
  /** Only update the existing row when this holds, e.g. `t.as_of <= EXCLUDED.as_of`. */
  readonly where?: string;
}

export async function upsertRows(
  manager: EntityManager,
  spec: UpsertSpec,
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const width = spec.columns.length;
  const values: unknown[] = [];
  const tuples = rows.map((row, r) => {
    if (row.length !== width)
      throw new Error(`row ${r} for ${spec.table} has ${row.length} values, expected ${width}`);
    values.push(...row);
    return `(${row.map((_, c) => `$${r * width + c + 1}`).join(', ')})`;
  });
  const set =
    spec.set ?? spec.columns.filter((c) => !spec.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  const action =
    set.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${set.join(', ')}${spec.where ? ` WHERE ${spec.where}` : ''}`;
  await preparedQuery(
    manager,
    `INSERT INTO ${spec.table} AS t (${spec.columns.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT (${spec.key.join(', ')}) ${action}`,
    values,
  );
}

/** jsonb parameters travel as JSON text; Postgres casts them to the column type. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}
