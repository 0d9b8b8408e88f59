// Loaded into a service process by the tests that count what a group of records costs in SQL
// (NODE_OPTIONS=--require, see sql-transactions.ts): counts the statements each transaction sends
// through `pg`, START TRANSACTION and COMMIT included, and prints one line per transaction when it
// ends. Nothing else changes: every call goes on to the real client. Imports nothing but pg.
import { Client } from 'pg';

interface Query {
  text?: string;
  values?: unknown[];
}

interface Counted {
  statements: number;
  /** Records the consumer runner's inbox claim named (its first inbox insert); 0 for other work. */
  records: number;
  texts: string[];
  rows: number[];
}

const open = new WeakMap<object, Counted>();
const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

function textOf(first: unknown): string {
  const text = typeof first === 'string' ? first : ((first as Query | undefined)?.text ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

/** A statement's longest array parameter (0 for none): a set-based statement's rows. */
function longestArray(first: unknown, second: unknown): number {
  const values = Array.isArray(second) ? second : ((first as Query | undefined)?.values ?? []);
  return Math.max(0, ...values.map((v) => (Array.isArray(v) ? v.length : 0)));
}

function count(client: object, first: unknown, second: unknown): void {
  const text = textOf(first);
  if (/^(BEGIN|START TRANSACTION)/i.test(text)) open.set(client, { statements: 0, records: 0, texts: [], rows: [] });
  const current = open.get(client);
  if (!current) return;
  current.statements++;
  current.texts.push(text.slice(0, 60));
  const rows = longestArray(first, second);
  current.rows.push(rows);
  // The runner claims the group first; a handler's own inbox (predictive-risk's) comes later.
  if (current.records === 0 && /^INSERT INTO "\w+"\.inbox /.test(text)) current.records = Math.max(rows, 1);
  if (/^(COMMIT|ROLLBACK)/i.test(text)) {
    open.delete(client);
    process.stdout.write(`sql-transaction ${JSON.stringify(current)}\n`);
  }
}

Client.prototype.query = function counted(this: Client, ...args: unknown[]) {
  count(this, args[0], args[1]);
  return query.apply(this, args);
} as typeof Client.prototype.query;
