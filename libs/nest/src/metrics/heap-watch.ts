// Warns in the log when a service's JavaScript heap stays near the cap V8 was started with
// (`--max-old-space-size`, 128 MiB for a service: libs/cli service-runtime.ts). Past the cap the
// process dies with V8's out-of-memory error, so whoever runs it should read about it first. One
// sample near the cap can be garbage V8 has not collected yet (it collects harder as the heap
// nears its limit); several in a row are memory kept alive. The warning is logged once, and once
// more when the heap is back down.
import { getHeapStatistics } from 'node:v8';
import { type Logger, PeriodicTask } from '@governor/messaging';

export interface HeapReading {
  usedBytes: number;
  limitBytes: number;
}

export interface HeapWatchOptions {
  logger: Logger;
  /** Time between samples (default 10 s). */
  intervalMs?: number;
  /** Share of the cap that counts as near it (default 0.85), and consecutive samples there before a warning (default 3). */
  nearShare?: number;
  samples?: number;
  /** Share of the cap under which the heap is back down (default 0.75). */
  clearShare?: number;
  read?: () => HeapReading;
}

const MIB = 1024 * 1024;

export function readHeap(): HeapReading {
  const stats = getHeapStatistics();
  return { usedBytes: stats.used_heap_size, limitBytes: stats.heap_size_limit };
}

export class HeapWatch {
  private readonly task: PeriodicTask;
  private readonly read: () => HeapReading;
  private near = 0;
  private warned = false;

  constructor(private readonly options: HeapWatchOptions) {
    this.read = options.read ?? readHeap;
    this.task = new PeriodicTask(options.intervalMs ?? 10_000, async () => this.check());
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One sample: counts it, and logs when the heap has stayed near its cap or come back down. */
  check(): void {
    const { usedBytes, limitBytes } = this.read();
    const share = usedBytes / limitBytes;
    const figures = { usedMiB: Math.round(usedBytes / MIB), limitMiB: Math.round(limitBytes / MIB) };
    if (share >= (this.options.nearShare ?? 0.85)) {
      this.near += 1;
      if (!this.warned && this.near >= (this.options.samples ?? 3)) {
        this.warned = true;
        this.options.logger.warn(
          `JavaScript heap at ${figures.usedMiB} MiB of its ${figures.limitMiB} MiB cap for ${this.near} samples in a row: ` +
            'the process stops with an out-of-memory error at the cap; raise --max-old-space-size in NODE_OPTIONS or find what it keeps',
          figures,
        );
      }
      return;
    }
    this.near = 0;
    if (this.warned && share < (this.options.clearShare ?? 0.75)) {
      this.warned = false;
      this.options.logger.info(
        `JavaScript heap back down to ${figures.usedMiB} MiB of its ${figures.limitMiB} MiB cap`,
        figures,
      );
    }
  }
}
