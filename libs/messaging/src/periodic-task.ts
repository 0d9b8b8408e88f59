// Work that runs again and again on a timer, one pass at a time: the next pass is scheduled when
// the last one has ended, so a slow pass never overlaps the next, and stop() waits for the pass
// under way. A pass handles its own errors (it must not reject). A pass may say when the next one
// is due (a retry's time, say), and wake() asks for one soon: work that knows when it is due
// sleeps until then instead of polling.
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private inPass = false;
  private wokenInPass = false;
  private pass: Promise<void> = Promise.resolve();

  /**
   * `intervalMs`: the time between passes, the longest when a pass names the next one's time.
   * `run` may answer the milliseconds until the next pass is due.
   */
  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<void | number>,
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

  /** A pass at once, or right after the one under way (whose view may predate the news). */
  wake(): void {
    if (!this.running) return;
    if (this.inPass) this.wokenInPass = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inPass = true;
      this.wokenInPass = false;
      this.pass = this.run().then(
        (dueInMs) => this.afterPass(dueInMs),
        () => this.afterPass(undefined),
      );
    }, Math.max(0, delayMs));
  }

  private afterPass(dueInMs: void | number): void {
    this.inPass = false;
    const next = this.wokenInPass ? 0 : Math.min(this.intervalMs, typeof dueInMs === 'number' ? dueInMs : this.intervalMs);
    this.schedule(next);
  }
}
