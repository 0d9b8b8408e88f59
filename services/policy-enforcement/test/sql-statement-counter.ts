// Preloaded into the service process by the statement-count test (NODE_OPTIONS=--require, from
// dist/): counts the SQL statements each transaction sends through `pg`, and prints one line per
// transaction when it ends, so the test can see what a group of records cost the process as it
// runs in production. Nothing else is changed: every call goes on to the real client.
import { Client } from 'pg';

/** The start of each line printed (PolicyEnforcementHarness.transactions reads them). */
const TRANSACTION_LINE = 'sql-transaction ';

/** What one transaction sent: its statement count, and the start of each statement's text. */
export interface TransactionCount {
  statements: number;
  texts: string[];
  /** Each statement's longest array parameter (0 for none): a set-based statement's rows. */
  rows: number[];
}

interface Query {
  text?: string;
  values?: unknown[];
}

const open = new WeakMap<object, TransactionCount>();
const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

function textOf(first: unknown): string {
  const text = typeof first === 'string' ? first : ((first as Query | undefined)?.text ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

function longestArray(first: unknown, second: unknown): number {
  const values = Array.isArray(second) ? second : ((first as Query | undefined)?.values ?? []);
  return Math.max(0, ...values.map((v) => (Array.isArray(v) ? v.length : 0)));
}

function count(client: object, first: unknown, second: unknown): void {
  const text = textOf(first);
  if (/^(BEGIN|START TRANSACTION)/i.test(text)) open.set(client, { statements: 0, texts: [], rows: [] });
  const current = open.get(client);
  if (!current) return;
  current.statements++;
  current.texts.push(text.slice(0, 60));
  current.rows.push(longestArray(first, second));
  if (/^(COMMIT|ROLLBACK)/i.test(text)) {
    open.delete(client);
    process.stdout.write(`${TRANSACTION_LINE}${JSON.stringify(current)}\n`);
  }
}

Client.prototype.query = function counted(this: Client, ...args: unknown[]) {
  count(this, args[0], args[1]);
  return query.apply(this, args);
} as typeof Client.prototype.query;
