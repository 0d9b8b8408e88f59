// Retention of a service's own stores (decisions, approvals, executions, scorecard facts, feed
// statistics): each store says its table, the time column its age is read from, and how long its
// rows are kept (0: for ever). On a timer, each store's rows past the limit are deleted a batch per
// transaction, oldest first, together with their rows in child tables, and each batch is audited
// in its own transaction: the store, how many rows, and the range of their times, never their
// content. The audit log itself is not a store: it keeps everything.
import { DataSource, type EntityManager } from 'typeorm';
import { classifyError } from '../errors/governor-error';
import { Logger, silentLogger } from '../logger';
import { PeriodicTask } from '../periodic-task';

/** A table whose rows hang off the store's rows and go with them (a foreign key to the store). */
export interface ChildTable {
  /** Schema-qualified and quoted, e.g. `"pe".approvals`. */
  table: string;
  /** Its column that holds the store row's key. */
  column: string;
  /** The store's column it refers to. */
  parentColumn: string;
}

export interface RetainedStore {
  /** How the audit entry and the setting name it, e.g. `decisions`. */
  name: string;
  /** Schema-qualified and quoted, e.g. `"pe".decisions`. */
  table: string;
  /** The timestamptz column that dates a row (when it was decided, resolved, reported). */
  timeColumn: string;
  /** Rows older than this are deleted; 0 keeps them for ever. */
  keepMs: number;
  /** A SQL condition on the table that a row must also meet to go (e.g. not a pending task). */
  onlyWhere?: string;
  children?: readonly ChildTable[];
}

/** What one batch deleted: what the audit entry says. */
export interface StorePruned {
  store: string;
  table: string;
  rows: number;
  /** The oldest and newest time (the store's time column) of the rows deleted. */
  oldest: string;
  newest: string;
  /** Rows older than this went. */
  cutoff: string;
  keepDays: number;
}

/** Writes the audit entry of a batch in the batch's transaction. */
export type AuditPruned = (manager: EntityManager, pruned: StorePruned) => Promise<void>;

export interface StoreRetentionOptions {
  dataSource: DataSource;
  stores: readonly RetainedStore[];
  audit: AuditPruned;
  /** Time between passes; the first pass runs at start. */
  intervalMs: number;
  /** Rows per batch (default 5,000). */
  batchSize?: number;
  /** Called after a batch and its audit entry committed (e.g. to wake the outbox relay). */
  committed?: () => void;
  logger?: Logger;
}

const DAY_MS = 86_400_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const TABLE = /^"[a-z_][a-z0-9_]*"\.[a-z_][a-z0-9_]*$/;

export class StoreRetention {
  private readonly task: PeriodicTask;
  private lastPassOk = true;

  constructor(private readonly options: StoreRetentionOptions) {
    for (const store of options.stores) checkNames(store);
    this.task = new PeriodicTask(options.intervalMs, () => this.runPass());
  }

  start(): void {
    this.task.start(0);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over every store with a limit; answers each batch deleted. */
  async pruneOnce(now = new Date()): Promise<StorePruned[]> {
    const done: StorePruned[] = [];
    for (const store of this.options.stores.filter((s) => s.keepMs > 0)) {
      const cutoff = new Date(now.getTime() - store.keepMs);
      for (;;) {
        const pruned = await this.pruneBatch(store, cutoff);
        if (!pruned) break;
        this.options.committed?.();
        done.push(pruned);
        if (pruned.rows < this.batchSize || this.task.stopping) break;
      }
    }
    return done;
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 5_000;
  }

  /** Deletes one batch of the store's expired rows and audits it, in one transaction. */
  private pruneBatch(store: RetainedStore, cutoff: Date): Promise<StorePruned | undefined> {
    const t = store.timeColumn;
    const keyColumns = [...new Set((store.children ?? []).map((c) => c.parentColumn))];
    // Locked rows are another instance's batch: skip them rather than wait.
    const doomed = `SELECT ctid AS row_address, ${[t, ...keyColumns].join(', ')} FROM ${store.table}
      WHERE ${t} < $1 ${store.onlyWhere ? `AND (${store.onlyWhere})` : ''}
      ORDER BY ${t} LIMIT $2 FOR UPDATE SKIP LOCKED`;
    const children = (store.children ?? []).map(
      (c, i) => `child_${i} AS (DELETE FROM ${c.table} WHERE ${c.column} IN (SELECT ${c.parentColumn} FROM doomed))`,
    );
    const sql = `WITH doomed AS (${doomed}),
      ${[...children, `gone AS (DELETE FROM ${store.table} WHERE ctid IN (SELECT row_address FROM doomed) RETURNING ${t} AS at)`].join(',\n      ')}
      SELECT count(*)::int AS rows, min(at) AS oldest, max(at) AS newest FROM gone`;
    return this.options.dataSource.transaction(async (manager) => {
      const [result] = (await manager.query(sql, [cutoff, this.batchSize])) as { rows: number; oldest: Date | null; newest: Date | null }[];
      if (!result || result.rows === 0 || !result.oldest || !result.newest) return undefined;
      const pruned: StorePruned = {
        store: store.name,
        table: store.table.replace(/"/g, ''),
        rows: result.rows,
        oldest: result.oldest.toISOString(),
        newest: result.newest.toISOString(),
        cutoff: cutoff.toISOString(),
        keepDays: store.keepMs / DAY_MS,
      };
      await this.options.audit(manager, pruned);
      return pruned;
    });
  }

  private async runPass(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    try {
      const pruned = await this.pruneOnce();
      for (const p of pruned) logger.info('pruned a store past its retention', { ...p });
      this.lastPassOk = true;
    } catch (error) {
      const { code, message } = classifyError(error);
      if (this.lastPassOk) logger.warn('pruning the stores failed; will try again at the next pass', { code, error: message });
      this.lastPassOk = false;
    }
  }
}

/** Table and column names are written into SQL: only plain, quoted-schema names are accepted. */
function checkNames(store: RetainedStore): void {
  const names = [store.timeColumn, ...(store.children ?? []).flatMap((c) => [c.column, c.parentColumn])];
  const tables = [store.table, ...(store.children ?? []).map((c) => c.table)];
  if (!names.every((n) => IDENTIFIER.test(n)) || !tables.every((t) => TABLE.test(t))) {
    throw new Error(`store ${store.name}: table and column names must be plain identifiers ("schema".table)`);
  }
}
