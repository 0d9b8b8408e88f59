// The Prometheus series every Governor process serves about itself, on a registry of its own:
// prom-client's default process metrics (CPU, RSS, heap, event-loop lag, GC) under `governor_`,
// the heap's cap, the event loop's busy time, and counters that mirror figures other objects count.
// Everything here passes `promtool check metrics`: a figure that only grows is a counter named
// `_total`, and nothing else ends in `_total`.
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, type LabelValues, Registry } from 'prom-client';

export const METRIC_PREFIX = 'governor_';
export const EVENT_LOOP_ACTIVE_METRIC = 'governor_nodejs_eventloop_active_seconds_total';

/**
 * prom-client serves these three gauges (handles open now, and so on) both by type, without a
 * suffix, and summed under a `_total` name, which promtool refuses for anything but a counter.
 * The sums go; `sum without (type)` over the others gives them back.
 */
const SUMMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Registers the process's own series on `registry`; `service` labels every series of it. */
export function registerProcessMetrics(registry: Registry, service: string): void {
  registry.setDefaultLabels({ service });
  // The loop-delay histogram samples on a timer of this resolution: prom-client's default, 10 ms,
  // wakes every idle service a hundred times a second. At 100 ms a stall shorter than that may go
  // unseen, which the loop's busy seconds (below) still count.
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX, eventLoopMonitoringPrecision: 100 });
  for (const name of SUMMED_DEFAULTS) registry.removeSingleMetric(METRIC_PREFIX + name);
  // Beside the default nodejs_heap_size_used_bytes: the cap it must stay under (--max-old-space-size).
  new Gauge({
    name: `${METRIC_PREFIX}nodejs_heap_size_limit_bytes`,
    help: 'The most the JavaScript heap may hold before the process stops out of memory',
    registers: [registry],
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  });
  registerEventLoopActive(registry);
}

/** Reports a figure (with its labels, if the counter has any) as it stands now. */
export type ObserveCount = (value: number, labels?: LabelValues<string>) => void;

/**
 * A counter whose figures something else counts (the outbox relay's events published, the
 * consumer's records handled): at each scrape `read` reports them and the counter adds what each
 * grew by. A figure that went down was counted afresh (its owner started again), so all of it is
 * new. A series appears, at 0, as soon as it is first reported.
 */
export function mirroredCounter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: (observe: ObserveCount) => void,
): Counter {
  const seen = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      read((value, labels = {}) => {
        const key = JSON.stringify(labels);
        const last = seen.get(key);
        const grown = last === undefined || value < last ? value : value - last;
        this.inc(labels, grown);
        seen.set(key, value);
      });
    },
  });
}

/**
 * The time the event loop has spent running callbacks rather than waiting for I/O
 * (performance.eventLoopUtilization()), as a counter: its rate over a window is the loop's
 * utilisation there, 1 when it never waits. A single-threaded service at 1 is saturated whatever
 * its CPU share says (a thread kept off the cores still counts as busy), which lag does not show.
 */
function registerEventLoopActive(registry: Registry): void {
  let counted = 0;
  new Counter({
    name: EVENT_LOOP_ACTIVE_METRIC,
    help: 'Seconds the event loop spent running callbacks since the process started; its rate is the event-loop utilisation (1 = saturated)',
    registers: [registry],
    collect() {
      const active = performance.eventLoopUtilization().active / 1_000;
      if (active > counted) this.inc(active - counted);
      counted = Math.max(counted, active);
    },
  });
}
