// Counts the SQL statements and transactions this process sends to Postgres, for the service's
// /metrics (governor_db_statements_total, governor_db_transactions_total) and for the tests and the
// benchmark that hold a group of records to a handful of statements. Counted where every query
// passes, node-postgres's Client#query (TypeORM's and the prepared statements' alike); transaction
// control (START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT) is not a statement, and each transaction
// started counts once.
import { Client } from 'pg';

export interface StatementCount {
  statements: number;
  transactions: number;
}

const counted: StatementCount = { statements: 0, transactions: 0 };
const CONTROL = /^\s*(COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b/i;
const START = /^\s*(START TRANSACTION|BEGIN)\b/i;
let installed = false;

type Query = (this: Client, ...args: unknown[]) => unknown;

/** Starts counting (once per process) and returns the running totals (live: copy to keep a reading). */
export function countStatements(): Readonly<StatementCount> {
  if (installed) return counted;
  installed = true;
  const prototype = Client.prototype as unknown as { query: Query };
  const query = prototype.query;
  prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') {
      if (START.test(text)) counted.transactions++;
      else if (!CONTROL.test(text)) counted.statements++;
    }
    return query.apply(this, args);
  };
  return counted;
}
