// Keeps a service's inbox and outbox tables from growing for ever. The relay marks outbox rows sent
// and the inbox remembers every event handled; neither deletes anything. On a timer, this deletes
// outbox rows sent longer ago than `outboxKeepMs` and inbox rows received longer ago than
// `inboxKeepMs`, a batch per statement (short locks, no long transaction), oldest first.
// An inbox row is what recognises a redelivered event: keep it at least as long as the topics keep
// their records (Kafka's default is 7 days), or a replay of older records is handled again. A sent
// outbox row is only kept for looking into what a service published.
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { assertSchemaName } from '../database/schema-name';
import { classifyError } from '../errors/governor-error';
import { Logger, silentLogger } from '../logger';
import { PeriodicTask } from '../periodic-task';

export interface MessagingRetentionOptions {
  dataSource: DataSource;
  schema: string;
  outboxKeepMs: number;
  inboxKeepMs: number;
  /** Time between passes; the first pass runs at start. */
  intervalMs: number;
  /** Rows per DELETE statement (default 5,000). */
  batchSize?: number;
  logger?: Logger;
}

export interface Pruned {
  outbox: number;
  inbox: number;
}

export class MessagingRetention {
  private readonly outboxTable: string;
  private readonly inboxTable: string;
  private readonly task: PeriodicTask;
  private readonly totals: Pruned = { outbox: 0, inbox: 0 };

  constructor(private readonly options: MessagingRetentionOptions) {
    const s = assertSchemaName(options.schema);
    this.outboxTable = `"${s}".outbox`;
    this.inboxTable = `"${s}".inbox`;
    this.task = new PeriodicTask(options.intervalMs, () => this.runPass());
  }

  /** Rows deleted since start, per table. */
  get prunedCounts(): Readonly<Pruned> {
    return this.totals;
  }

  start(): void {
    this.task.start(0);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over both tables: deletes in batches until no expired row is left. */
  async pruneOnce(): Promise<Pruned> {
    const { outboxKeepMs, inboxKeepMs } = this.options;
    // Sent rows lie at the low end of the ids (rows are sent roughly in id order): the primary key,
    // walked from its start, finds them without scanning the unsent ones. The inbox's are found by
    // its received_at index and deleted by their row addresses.
    const outbox = await this.deleteInBatches(
      `DELETE FROM ${this.outboxTable} WHERE id = ANY(ARRAY(
         SELECT id FROM ${this.outboxTable} WHERE sent_at < now() - ($1::bigint * interval '1 millisecond') ORDER BY id LIMIT $2))`,
      outboxKeepMs,
    );
    const inbox = await this.deleteInBatches(
      `DELETE FROM ${this.inboxTable} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${this.inboxTable} WHERE received_at < now() - ($1::bigint * interval '1 millisecond') ORDER BY received_at LIMIT $2))`,
      inboxKeepMs,
    );
    this.totals.outbox += outbox;
    this.totals.inbox += inbox;
    return { outbox, inbox };
  }

  private async deleteInBatches(sql: string, keepMs: number): Promise<number> {
    const batchSize = this.options.batchSize ?? 5_000;
    let total = 0;
    for (;;) {
      // TypeORM answers a DELETE with [rows, affected count].
      const [, count] = (await preparedQuery(this.options.dataSource, sql, [keepMs, batchSize])) as [
        unknown,
        number,
      ];
      total += count;
      if (count < batchSize || this.task.stopping) return total;
    }
  }

  private async runPass(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    try {
      const pruned = await this.pruneOnce();
      if (pruned.outbox + pruned.inbox > 0) {
        logger.info('pruned the messaging tables', {
          outboxRows: pruned.outbox,
          inboxRows: pruned.inbox,
          outboxKeptHours: this.options.outboxKeepMs / 3_600_000,
          inboxKeptHours: this.options.inboxKeepMs / 3_600_000,
        });
      }
    } catch (error) {
      const { code, message } = classifyError(error);
      logger.warn('pruning the messaging tables failed; will try again at the next pass', {
        code,
        error: message,
      });
    }
  }
}
