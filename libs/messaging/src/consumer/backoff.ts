// Exponential backoff with full jitter, per partition: the delay grows while the same record keeps
// failing and starts over once it is handled.
export interface BackoffOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export class PartitionBackoff {
  private readonly attempts = new Map<string, { offset: string; count: number }>();
  private readonly initial: number;
  private readonly max: number;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initial = options.initialDelayMs ?? 200;
    this.max = options.maxDelayMs ?? 30_000;
  }

  /** The delay before the next try of `offset` on `partitionKey`, and how many tries failed. */
  next(partitionKey: string, offset: string): { delayMs: number; failures: number } {
    const previous = this.attempts.get(partitionKey);
    const count = previous && previous.offset === offset ? previous.count + 1 : 1;
    this.attempts.set(partitionKey, { offset, count });
    const ceiling = Math.min(this.max, this.initial * 2 ** (count - 1));
    // Full jitter, but never below half the step, so a retry is never immediate.
    const delayMs = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    return { delayMs, failures: count };
  }

  reset(partitionKey: string): void {
    this.attempts.delete(partitionKey);
  }
}
