// One multi-row INSERT per chunk of rows instead of a round trip per row. Postgres takes at most
// 65,535 parameters in a statement, so big batches are cut into chunks below that.
import { EntityManager } from 'typeorm';

const MAX_PARAMETERS = 60_000;

export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  onConflict = 'ON CONFLICT DO NOTHING',
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row, r) => {
      values.push(...row);
      return `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`;
    });
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${onConflict}`, values);
  }
}
