// One transaction at a time for a grouped consumer: kafkajs hands each partition's records over
// separately (every partition of a fetch at once, one worker each), and they wait here; a run takes
// the waiting groups together, oldest first, whole groups up to `maxRecords` records (always at
// least one group). An idle queue starts its run on the next turn of the event loop rather than at
// once, so the groups handed over in the same turn (the rest of the fetch) go in the same run: a
// fetch across many partitions is one transaction, not one per partition.

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

  constructor(
    private readonly maxRecords: number,
    /** Handles the groups taken together and settles each of them. */
    private readonly run: (groups: QueuedGroup<T, R>[]) => Promise<void>,
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
