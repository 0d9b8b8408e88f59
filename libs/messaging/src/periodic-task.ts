// Work that runs again and again on a timer, one pass at a time: the next pass is scheduled when
// the last one has ended, so a slow pass never overlaps the next, and stop() waits for the pass
// under way. A pass handles its own errors (it must not reject).
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<void>,
  ) {}

  /** Started and not stopped. */
  get active(): boolean {
    return this.running;
  }

  /** Whether stop() was called: a long pass may end early. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Runs the first pass after `firstDelayMs` (one interval unless said), then one per interval. */
  start(firstDelayMs = this.intervalMs): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.run().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }
}
