// How `governor` shows an answer to a person: a list as a table with a column for each field that
// matters, one record as a table of its fields. Plain text (no colour codes), so that it reads the
// same in a terminal, a pipe and a CI log. `--json` bypasses all of this (governor-commands.ts).
import Table from 'cli-table3';

/** One column of a list: its heading and what it shows of a row. */
export interface Column<T> {
  head: string;
  value(row: T): unknown;
}

/** No colours, and no rule between rows, which would double a table's height for nothing. */
const STYLE = { head: [] as string[], border: [] as string[], compact: true };

/** A list cell stays on one line and within this width; the JSON answer has the whole value. */
const LIST_CELL_WIDTH = 60;

export function listTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string): string {
  if (rows.length === 0) return empty;
  const table = new Table({ head: columns.map((c) => c.head), style: STYLE });
  for (const row of rows) table.push(columns.map((c) => clip(cell(c.value(row)))));
  return table.toString();
}

/** A record as `field | value` rows, in the order of `fields` (every field when none are named). */
export function recordTable(record: object, fields?: readonly string[]): string {
  const values = record as Record<string, unknown>;
  const table = new Table({ style: STYLE });
  for (const field of fields ?? Object.keys(values)) table.push({ [field]: cell(values[field]) });
  return table.toString();
}

/** A value as text: '-' for nothing, lists joined, timestamps to the second, other objects as JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'string') return timestamp(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.length ? value.map(cell).join(', ') : '-';
  return JSON.stringify(value);
}

/** `2026-12-04T08:00:00.123Z` as `2026-12-04 08:00:00Z`; any other text as it is. */
function timestamp(text: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) ? text.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : text;
}

function clip(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > LIST_CELL_WIDTH ? `${line.slice(0, LIST_CELL_WIDTH - 1)}…` : line;
}
