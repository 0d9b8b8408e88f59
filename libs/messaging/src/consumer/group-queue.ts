// One transaction at a time for a grouped consumer: kafkajs hands each partition's records over
// separately (every partition of a fetch at once, one worker each), and they wait here; a run takes
// the waiting groups together, oldest first, whole groups up to `maxRecords` records (always at
// least one group). An idle queue starts its run on the next turn of the event loop rather than at
// once, so the groups handed over in the same turn (the rest of the fetch) go in the same run: a
// fetch across many partitions is one transaction, not one per partition.
//
// A run starts at most every `minIntervalMs`. kafkajs fetches again only once a fetch's records are
// handled, so under load a consumer that handles each fetch at once fetches a record or two each
// time, and pays a transaction, its statements, a produce and a fetch for each: at a steady load
// the groups stay small whatever the load and the cores stay busy (a stock report cost about
// 20 ms of CPU in all at 100 reports/s, 7.5 ms at saturation where groups are larger). Waiting out
// the interval lets the broker gather what arrives meanwhile into the next fetch. A record that
// comes after a quiet spell longer than the interval is handled at once.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** A group waiting for the run it will be handled in; the run settles it. */
export interface QueuedGroup<T, R> {
  records: T[];
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupQueue<T, R> {
  private readonly waiting: QueuedGroup<T, R>[] = [];
  private running = false;
  private scheduled = false;
  private lastStart = -Infinity;

  constructor(
    private readonly maxRecords: number,
    /** Handles the groups taken together and settles each of them. */
    private readonly run: (groups: QueuedGroup<T, R>[]) => Promise<void>,
    /** The least time from the start of one run to the start of the next (default 0). */
    private readonly minIntervalMs = 0,
  ) {}

  /** Settles when the run that took this group has settled it. */
  submit(records: T[]): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      if (this.running || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const wait = this.lastStart + this.minIntervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        this.lastStart = performance.now();
        let taken = 1;
        let records = this.waiting[0].records.length;
        while (
          taken < this.waiting.length &&
          records + this.waiting[taken].records.length <= this.maxRecords
        ) {
          records += this.waiting[taken].records.length;
          taken++;
        }
        const groups = this.waiting.splice(0, taken);
        // A run that throws settles nothing: its groups fail with its error.
        await this.run(groups).catch((error: unknown) => groups.forEach((g) => g.reject(error)));
      }
    } finally {
      this.running = false;
    }
  }
}
