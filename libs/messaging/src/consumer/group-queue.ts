// One transaction at a time for a grouped consumer: kafkajs hands each partition's records over
// separately (several partitions at once), and the groups that arrive while a transaction runs wait
// here; the next transaction then takes the waiting groups together, oldest first, whole groups up to
// `maxRecords` records (always at least one group).

/** A group waiting for the run it will be handled in; the run settles it. */
export interface QueuedGroup<T, R> {
  records: T[];
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupQueue<T, R> {
  private readonly waiting: QueuedGroup<T, R>[] = [];
  private running = false;

  constructor(
    private readonly maxRecords: number,
    /** Handles the groups taken together and settles each of them. */
    private readonly run: (groups: QueuedGroup<T, R>[]) => Promise<void>,
  ) {}

  /** Settles when the run that took this group has settled it. */
  submit(records: T[]): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      void this.drain();
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
