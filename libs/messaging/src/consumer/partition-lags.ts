// How far a consumer runner is behind on each partition it holds: the records past the last one it
// handled, up to the partition's end (its high watermark) as of the last batch fetched from it. Keyed
// `topic:partition` with the contract's topic name (the namespace taken off). A partition that gets
// no batch keeps its last figure, so a stuck consumer shows the lag it stopped at; a rebalance drops
// the partitions the member no longer holds.
import type { EachBatchPayload } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  records: number;
}

export class PartitionLags extends Map<string, PartitionLag> {
  constructor(private readonly namespace: string) {
    super();
  }

  /** What is left of the batch's partition past the last record handled (or, none handled, the batch's first). */
  record(batch: EachBatchPayload['batch'], lastHandled: string | undefined): void {
    if (batch.messages.length === 0) return;
    const next = lastHandled === undefined ? BigInt(batch.firstOffset() ?? batch.messages[0].offset) : BigInt(lastHandled) + 1n;
    const records = Number(BigInt(batch.highWatermark) - next);
    const topic = batch.topic.slice(this.namespace.length);
    this.set(`${topic}:${batch.partition}`, { topic, partition: batch.partition, records: Math.max(0, records) });
  }

  /** After a rebalance: forgets the partitions this member no longer has. */
  keepOnly(assignment: Record<string, number[]>): void {
    const kept = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic.slice(this.namespace.length)}:${p}`)));
    for (const key of this.keys()) if (!kept.has(key)) this.delete(key);
  }
}
