// The demo's progress: one line rewritten in place on a terminal; elsewhere (CI logs, pipes) plain
// lines without carriage returns or ANSI codes, one on each phase change and one every few seconds,
// so a log shows how the day went without thousands of overwritten fragments.

/** Where progress goes: process.stderr, or anything with `write` and an `isTTY` flag. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressWriter {
  private lastPhase: string | undefined;
  private lastPlainAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    /** Off a terminal, the most often an unchanged phase gets a new line. */
    private readonly plainEveryMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows the state of `phase`; `line` is the figures, without the phase. */
  update(phase: string, line: string): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[K[${phase}] ${line}`);
      this.drawn = true;
      return;
    }
    const now = this.now();
    if (phase === this.lastPhase && now - this.lastPlainAt < this.plainEveryMs) return;
    this.lastPhase = phase;
    this.lastPlainAt = now;
    this.stream.write(`[${phase}] ${line}\n`);
  }

  /** Ends the progress: the terminal's line is closed so what follows starts on a line of its own. */
  finish(): void {
    if (this.stream.isTTY && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
