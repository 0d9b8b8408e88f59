// Publishes outbox rows and marks them sent. Rows are claimed with FOR UPDATE SKIP LOCKED so that
// several instances of a service relay side by side without publishing the same row concurrently.
// A crash after the broker's acknowledgement and before the row is marked sent publishes that row
// again on restart: consumers de-duplicate by (source, id) in their inbox.
//
// Tracing: each row goes out under a producer span of its own (EventPublisher.sendMessages), a
// child of the change that caused it, whose context the row's headers kept from enqueue time; the
// rows of a topic go out together, in as few requests as fit.
import { DataSource } from 'typeorm';
import { crashPoint } from '../crash-point';
import { preparedQuery } from '../database/prepared-query';
import { classifyError } from '../errors/governor-error';
import { Logger, silentLogger } from '../logger';
import { PeriodicTask } from '../periodic-task';
import { EventPublisher } from '../producer/event-publisher';
import { Outbox } from './outbox';

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
   * How often it looks for rows nobody woke it for (default 10 s): every writer calls wake() after
   * its commit (the consumer runner after each group), so the poll only finds rows whose wake was
   * lost (an instance that crashed between its commit and its relay's pass and did not come back;
   * start() looks at once). At 200 ms it was a transaction five times a second per idle service.
   */
  pollIntervalMs?: number;
  logger?: Logger;
}

export class OutboxRelay {
  private readonly task: PeriodicTask;
  private published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.task = new PeriodicTask(options.pollIntervalMs ?? 10_000, () => this.pass());
  }

  get publishedCount(): number {
    return this.published;
  }

  start(): void {
    this.task.start(0);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Publishes soon instead of at the next poll: call after committing new outbox rows. */
  wake(): void {
    this.task.wake();
  }

  /** Publishes up to one batch of unsent rows; returns how many were published. */
  async relayOnce(): Promise<number> {
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
      crashPoint('after-relay-publish');
      await preparedQuery(manager, `UPDATE ${outbox.table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      this.published += rows.length;
      return rows.length;
    });
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
