// One statement for many rows, the one multi-row write of every service: INSERT ... SELECT FROM
// unnest($1::type[], ...) ON CONFLICT (key) DO UPDATE (or DO NOTHING), one array parameter per
// column. A group's changes to a table cost one round trip however many rows they are; an array
// is one parameter, so no row count runs into Postgres's limit of 65,535 parameters and nothing is
// cut into chunks; and the statement's text does not depend on the row count, so it is prepared
// once per connection.
import { type EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

export interface Column<R> {
  readonly name: string;
  /** The column's Postgres type, for the array parameter (e.g. text, float8, jsonb, timestamptz). */
  readonly type: string;
  readonly value: (row: R, now: Date) => unknown;
}

export interface TableSpec<R> {
  /** Unqualified table name: the writer adds its schema. */
  readonly table: string;
  readonly columns: readonly Column<R>[];
  readonly key: readonly string[];
  /** Only update the existing row when this holds, e.g. `t.as_of <= EXCLUDED.as_of`. */
  readonly where?: string;
  /** An existing row is left as it is (ON CONFLICT DO NOTHING). */
  readonly keepExisting?: boolean;
}

export async function upsertRows<R>(
  manager: EntityManager,
  /** Quoted, e.g. "predictive_risk" (assertSchemaName). */
  quotedSchema: string,
  spec: TableSpec<R>,
  rows: Iterable<R>,
  now: Date,
): Promise<void> {
  const list = [...rows];
  if (list.length === 0) return;
  const names = spec.columns.map((c) => c.name);
  const set = names.filter((c) => !spec.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  const action = spec.keepExisting
    ? 'DO NOTHING'
    : `DO UPDATE SET ${set.join(', ')}${spec.where ? ` WHERE ${spec.where}` : ''}`;
  await preparedQuery(
    manager,
    `INSERT INTO ${quotedSchema}.${spec.table} AS t (${names.join(', ')})
     SELECT * FROM unnest(${spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
     ON CONFLICT (${spec.key.join(', ')}) ${action}`,
    spec.columns.map((c) => list.map((row) => c.value(row, now))),
  );
}

/** jsonb values travel as JSON text; Postgres casts them to the column type. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}
