// Test support, loaded into the service process with `node --require`: counts the SQL statements
// each transaction sends (START TRANSACTION and COMMIT included) and prints one line per committed
// transaction with the number of records the consumer runner's inbox claimed in it.
import { Client } from 'pg';

interface QueryConfig {
  text?: string;
  values?: unknown[];
}

const query = Client.prototype.query as (...args: unknown[]) => unknown;
const open = new WeakMap<Client, { statements: number; records: number }>();

function recordsClaimed(text: string, values: unknown[] | undefined): number {
  // The runner's claim (consumer = the group id); the handler's own claim is in `<group>|source-events`.
  if (!/\.inbox \(consumer/.test(text) || String(values?.[0]).endsWith('|source-events')) return 0;
  return Array.isArray(values?.[1]) ? values[1].length : 1;
}

Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const config = args[0];
  const text = typeof config === 'string' ? config : ((config as QueryConfig)?.text ?? '');
  const values = typeof config === 'string' ? (args[1] as unknown[]) : (config as QueryConfig)?.values;
  if (text === 'START TRANSACTION') open.set(this, { statements: 0, records: 0 });
  const transaction = open.get(this);
  if (transaction) {
    transaction.statements++;
    transaction.records ||= recordsClaimed(text, values);
    if (text === 'COMMIT') {
      process.stdout.write(`[statements] ${transaction.statements} records=${transaction.records}\n`);
    }
    if (text === 'COMMIT' || text === 'ROLLBACK') open.delete(this);
  }
  return query.apply(this, args);
} as typeof Client.prototype.query;
