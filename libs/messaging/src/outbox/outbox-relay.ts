// Publishes outbox rows and marks them sent. What a consumer's transaction inserted is published
// as soon as it has committed, from memory (publishCommitted: marked by key afterwards, no scan);
// a pass over the table (the rows of HTTP requests and schedulers, which wake it, and a fallback
// poll for anything a crash left) claims rows with FOR UPDATE SKIP LOCKED so that several
// instances of a service relay side by side without publishing the same row concurrently. Both go
// through one queue, one at a time, in the order asked, so rows go out in the order committed.
// A crash after the broker's acknowledgement and before the row is marked sent publishes that row
// again on restart: consumers de-duplicate by (source, id) in their inbox.
//
// Tracing: each row goes out under a producer span of its own (EventPublisher.sendMessages), a
// child of the change that caused it, whose context the row's headers kept from enqueue time; the
// rows of a topic go out together, in as few requests as fit.
import { DataSource, type EntityManager } from 'typeorm';
import { crashPoint } from '../crash-point';
import { preparedQuery } from '../database/prepared-query';
import { classifyError } from '../errors/governor-error';
import { Logger, silentLogger } from '../logger';
import { PeriodicTask } from '../periodic-task';
import { EventPublisher } from '../producer/event-publisher';
import { type InsertedRow, Outbox } from './outbox';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  outbox: Outbox;
  publisher: EventPublisher;
  batchSize?: number;
  /**
   * How often it looks for rows nobody woke it for (default 10 s): the consumer runner hands over
   * what each group committed (publishCommitted) and every other writer calls wake() after its
   * commit, so the poll only finds rows left behind (an instance that crashed between its commit
   * and their publishing and did not come back; start() looks at once). At 200 ms it was a transaction five times a second per idle service.
   */
  pollIntervalMs?: number;
  logger?: Logger;
}

export class OutboxRelay {
  private readonly task: PeriodicTask;
  private published = 0;
  /** The publishing under way, which the next waits for. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The ids the latest passes published, which publishCommitted then leaves out. It needs only the
   * rows a pass published between a group's commit and its publishCommitted, a few milliseconds
   * apart; a pass publishes at most a batch, so a few batches' worth is plenty.
   */
  private readonly passPublished: RecentIds;

  constructor(private readonly options: OutboxRelayOptions) {
    this.task = new PeriodicTask(options.pollIntervalMs ?? 10_000, () => this.pass());
    this.passPublished = new RecentIds(4 * (options.batchSize ?? 500));
  }

  get publishedCount(): number {
    return this.published;
  }

  start(): void {
    this.task.start(0);
  }

  async stop(): Promise<void> {
    await this.task.stop();
    await this.queue;
  }

  /**
   * Publishes rows a transaction has just committed (Outbox.takeInserted) and marks them sent. If
   * that fails they are still unsent in the table: a pass publishes them.
   */
  publishCommitted(rows: readonly InsertedRow[]): void {
    if (rows.length === 0 || !this.task.active) return;
    void this.serially(async () => {
      try {
        await this.publishRows(rows);
      } catch (error) {
        const { code, message } = classifyError(error);
        (this.options.logger ?? silentLogger).warn('publishing committed outbox rows failed; a relay pass will publish them', { code, error: message });
        this.wake();
      }
    });
  }

  /** Publishes soon instead of at the next poll: call after committing new outbox rows. */
  wake(): void {
    this.task.wake();
  }

  /** Publishes up to one batch of unsent rows; returns how many were published. */
  relayOnce(): Promise<number> {
    return this.serially(() => this.relayBatch());
  }

  private async relayBatch(): Promise<number> {
    const { dataSource, outbox, publisher } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    return dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await preparedQuery(
        manager,
        `SELECT id, topic, message_key, value, headers FROM ${outbox.table}
         WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await publisher.sendMessages(rows.map((row) => ({ topic: row.topic, message: { key: row.message_key, value: row.value, headers: row.headers } })));
      this.passPublished.addAll(rows.map((r) => r.id));
      crashPoint('after-relay-publish');
      await markSent(manager, outbox, rows.map((r) => r.id));
      this.published += rows.length;
      return rows.length;
    });
  }

  /**
   * Publishes the rows from memory, then marks them sent in one statement: one round trip, where
   * claiming them first (a transaction, a locking read, the update) took four for every group a
   * consumer commits. A pass of this instance that ran between the commit and now (they share the
   * queue, so it has finished) published some of them already: those it remembers are left out.
   * A pass of another instance of the service that runs in the few milliseconds between the commit
   * and the mark publishes them too: a duplicate its consumers' inboxes recognise, as after a crash
   * before the mark.
   */
  private async publishRows(rows: readonly InsertedRow[]): Promise<void> {
    const { dataSource, outbox, publisher } = this.options;
    const mine = rows.filter((r) => !this.passPublished.has(r.id));
    if (mine.length === 0) return;
    await publisher.sendMessages(mine.map((row) => ({ topic: row.topic, message: { key: row.key, value: row.value, headers: row.headers } })));
    crashPoint('after-relay-publish');
    await markSent(dataSource.manager, outbox, mine.map((r) => r.id));
    this.published += mine.length;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** One batch; the next pass at once after a full one (more may wait), in a second after a failure. */
  private async pass(): Promise<number | undefined> {
    try {
      const count = await this.relayOnce();
      return count >= (this.options.batchSize ?? 500) ? 0 : undefined;
    } catch (error) {
      const { code, message } = classifyError(error);
      (this.options.logger ?? silentLogger).warn('outbox relay failed; will retry', { code, error: message });
      return 1_000;
    }
  }
}

/**
 * Not a prepared statement: planned for the ids it is given, so it looks them up by key however
 * small the table was when a generic plan would have been made (which then scanned it whole).
 */
async function markSent(manager: EntityManager, outbox: Outbox, ids: readonly string[]): Promise<void> {
  await manager.query(`UPDATE ${outbox.table} SET sent_at = now() WHERE id = ANY($1::bigint[]) AND sent_at IS NULL`, [ids]);
}

/** A set of the last `capacity` ids added (the oldest go first). */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  addAll(ids: readonly string[]): void {
    for (const id of ids) {
      this.ids.delete(id);
      this.ids.add(id);
    }
    for (const oldest of this.ids) {
      if (this.ids.size <= this.capacity) break;
      this.ids.delete(oldest);
    }
  }
}
