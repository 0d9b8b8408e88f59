// When a consumer runner's handled offsets reach the broker. With an interval, the offsets handled
// meanwhile wait and go in one commit for every partition (a record redelivered after a crash or
// a rebalance is recognised by the consumer's inbox, or by its own table); without one, each
// handled batch is committed at once. An offset is only ever committed after its record was handled.
import type { Consumer } from 'kafkajs';
import { classifyError } from '../errors/governor-error';
import type { Logger } from '../logger';

interface NextOffset {
  topic: string;
  partition: number;
  /** The next offset to read: the last handled one plus one. */
  offset: string;
}

export class OffsetCommits {
  /** Handled offsets not yet committed, by `topic:partition`. */
  private readonly waiting = new Map<string, NextOffset>();
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly intervalMs: number,
    /** Counts the commit requests sent (ConsumerStats.commits). */
    private readonly stats: { commits: number },
    private readonly logger: Logger,
    private readonly groupId: string,
  ) {}

  /**
   * The records of a partition up to `lastHandled` are handled: their offset is committed now (no
   * interval, `now` for a partition about to pause, or closing) or with the next flush.
   */
  async handled(
    topic: string,
    partition: number,
    lastHandled: string | undefined,
    now = false,
  ): Promise<void> {
    if (lastHandled === undefined) return;
    const key = `${topic}:${partition}`;
    const next = { topic, partition, offset: (BigInt(lastHandled) + 1n).toString() };
    if (now || this.closing || this.intervalMs === 0) {
      this.waiting.delete(key);
      this.stats.commits++;
      await this.consumer.commitOffsets([next]);
      return;
    }
    this.waiting.set(key, next);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** After a rebalance: offsets of partitions that went to another member are theirs to commit. */
  keepOnly(assignment: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.waiting) {
      if (!assignment[topic]?.includes(partition)) this.waiting.delete(key);
    }
  }

  /** Before the consumer leaves: what waits is committed, and from here on every batch at once. */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  /** One commit for every partition's waiting offset. A failed commit is left to redelivery. */
  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const offsets = [...this.waiting.values()];
    this.waiting.clear();
    if (offsets.length === 0) return;
    this.stats.commits++;
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      this.logger.warn('offset commit failed; the records may be delivered again (the inbox skips them)', {
        groupId: this.groupId,
        partitions: offsets.length,
        error: classifyError(error).message,
      });
    }
  }
}
