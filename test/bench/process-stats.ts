// What each process costs during a step, read from /proc (Linux): CPU time as a share of one core,
// resident memory now and at its peak (VmHWM), and for Governor's services the event loop's
// utilisation and delay from their /metrics (the loop's busy seconds are a counter, so a scrape at
// the start of a step and one at its end give its share of the step; prom-client resets its
// loop-delay histogram at every scrape, so the one at the end gives the step's delay). The
// machine-wide CPU share tells whether the 2 cores, rather than one process, were the limit.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { round } from './stats';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** user + system CPU seconds of a process, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Resident set size now and at its peak, in MiB. */
export function memory(pid: number): { rssMiB?: number; peakRssMiB?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    };
    return { rssMiB: round(kib('VmRSS')), peakRssMiB: round(kib('VmHWM')) };
  } catch {
    return {};
  }
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = values[3] + values[4];
  return { busy: total - idle, total };
}

/** Every process whose command name is `name` (e.g. the Postgres backends). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The local broker started by infra/kafka/kafka.sh, when there is one. */
export function kafkaBrokerPid(root: string): number | undefined {
  const file = `${root}/infra/.data/kafka/kafka.pid`;
  if (process.env.KAFKA_BROKERS || !existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return cpuSeconds(pid) === undefined ? undefined : pid;
}

export interface ProcessFigures {
  cpuPercent?: number;
  rssMiB?: number;
  peakRssMiB?: number;
  /** Share of the step the event loop spent running callbacks, in percent (100 = it never waited). */
  loopUtilisationPercent?: number;
  loopDelayP99Ms?: number;
  loopDelayMaxMs?: number;
  /** SQL statements and transactions the service sent during the step (governor_db_*_total). */
  sqlStatements?: number;
  sqlTransactions?: number;
}

export interface ResourceSample {
  /** Busy share of the machine in percent of one core (200 = both of 2 cores busy). */
  machineCpuPercent?: number;
  /** How long the sample ran. */
  seconds?: number;
  processes: Record<string, ProcessFigures>;
}

export interface Watched {
  name: string;
  /** One pid, or a function for a group whose members come and go (Postgres backends). */
  pids: () => number[];
  metricsUrl?: string;
}

interface ServiceFigures {
  /** Seconds the loop has been busy since the service started. */
  activeS?: number;
  p99?: number;
  max?: number;
  /** SQL statements and transactions since the service started. */
  statements?: number;
  transactions?: number;
}

async function serviceFigures(url: string): Promise<ServiceFigures> {
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).text();
    const value = (metric: string) => {
      const match = new RegExp(`^governor_${metric}(?:\\{[^}]*\\})? ([0-9.eE+-]+)`, 'm').exec(text);
      return match ? Number(match[1]) : undefined;
    };
    const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : round(seconds * 1_000));
    return {
      activeS: value('nodejs_eventloop_active_seconds_total'),
      p99: ms(value('nodejs_eventloop_lag_p99_seconds')),
      max: ms(value('nodejs_eventloop_lag_max_seconds')),
      statements: value('db_statements_total'),
      transactions: value('db_transactions_total'),
    };
  } catch {
    return {};
  }
}

/** Samples the watched processes between begin() and end(). */
export class ResourceMonitor {
  private startCpu = new Map<string, Map<number, number>>();
  private startFigures = new Map<string, ServiceFigures>();
  private startMachine = machineTicks();
  private startAt = Date.now();

  constructor(private readonly watched: () => Watched[]) {}

  async begin(): Promise<void> {
    this.startAt = Date.now();
    this.startMachine = machineTicks();
    this.startCpu = new Map(this.watched().map((w) => [w.name, new Map(w.pids().map((pid) => [pid, cpuSeconds(pid) ?? 0]))]));
    const figures = await Promise.all(this.watched().flatMap((w) => (w.metricsUrl ? [serviceFigures(w.metricsUrl).then((f) => [w.name, f] as const)] : [])));
    this.startFigures = new Map(figures);
  }

  async end(): Promise<ResourceSample> {
    const seconds = (Date.now() - this.startAt) / 1_000;
    const machine = machineTicks();
    const processes: Record<string, ProcessFigures> = {};
    await Promise.all(
      this.watched().map(async (w) => {
        const before = this.startCpu.get(w.name) ?? new Map<number, number>();
        let used = 0;
        let rss = 0;
        let peak = 0;
        for (const pid of w.pids()) {
          const now = cpuSeconds(pid);
          if (now === undefined) continue;
          used += now - (before.get(pid) ?? now);
          const mem = memory(pid);
          rss += mem.rssMiB ?? 0;
          peak += mem.peakRssMiB ?? 0;
        }
        const loop = w.metricsUrl ? await serviceFigures(w.metricsUrl) : {};
        const start = this.startFigures.get(w.name) ?? {};
        const activeBefore = start.activeS;
        const since = (now: number | undefined, then: number | undefined) => (now !== undefined && then !== undefined && now >= then ? now - then : undefined);
        // A group's processes share memory (Postgres's buffers): a sum of their RSS means nothing.
        const single = w.pids().length <= 1;
        processes[w.name] = {
          cpuPercent: round((used / seconds) * 100),
          rssMiB: single ? round(rss) : undefined,
          peakRssMiB: single ? round(peak) : undefined,
          loopUtilisationPercent:
            loop.activeS !== undefined && activeBefore !== undefined && loop.activeS >= activeBefore ? round(((loop.activeS - activeBefore) / seconds) * 100) : undefined,
          loopDelayP99Ms: loop.p99,
          loopDelayMaxMs: loop.max,
          sqlStatements: since(loop.statements, start.statements),
          sqlTransactions: since(loop.transactions, start.transactions),
        };
      }),
    );
    const cores = cpus().length;
    const machineCpuPercent = round(((machine.busy - this.startMachine.busy) / (machine.total - this.startMachine.total)) * 100 * cores);
    return { machineCpuPercent, seconds: round(seconds), processes };
  }
}

/** The bench process itself, for the same table. */
export function selfWatched(): Watched {
  return { name: 'bench (load + sinks)', pids: () => [process.pid] };
}
