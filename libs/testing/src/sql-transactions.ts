// What each transaction of a service process cost in SQL, for the tests that hold a group of
// records to a handful of statements: start the process with SQL_TRANSACTIONS_ENV (it preloads
// sql-transactions.preload from dist/) and read its output with sqlTransactionsIn.
import path from 'node:path';

export interface SqlTransaction {
  /** Statements sent, START TRANSACTION and COMMIT included. */
  statements: number;
  /** Records the consumer runner claimed in it (0: not a consumer group's transaction). */
  records: number;
  /** The start of each statement's text, in order. */
  texts: string[];
  /** Each statement's longest array parameter (0 for none): a set-based statement's rows. */
  rows: number[];
}

const PRELOAD = __dirname.split(path.sep).includes('dist')
  ? path.resolve(__dirname, 'sql-transactions.preload.js')
  : path.resolve(__dirname, '../../../dist/libs/testing/src/sql-transactions.preload.js');

/** The environment that makes a Node process print what each of its transactions cost (build first). */
export const SQL_TRANSACTIONS_ENV = { NODE_OPTIONS: `--require ${PRELOAD}` };

/** The transactions a process started with SQL_TRANSACTIONS_ENV has printed. */
export function sqlTransactionsIn(output: string): SqlTransaction[] {
  return [...output.matchAll(/^sql-transaction (\{.*\})$/gm)].map((m) => JSON.parse(m[1]) as SqlTransaction);
}
