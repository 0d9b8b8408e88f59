// Prometheus metrics of one service process: the default process metrics (CPU, RSS, event-loop
// lag, GC), the event loop's busy time, and whatever counters and gauges the service registers on
// the same registry.
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const EVENT_LOOP_ACTIVE_METRIC = 'governor_nodejs_eventloop_active_seconds_total';

export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(serviceName: string) {
    this.registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: this.registry, prefix: 'governor_' });
    registerEventLoopActive(this.registry);
    // Beside the default nodejs_heap_size_used_bytes: the cap it must stay under (--max-old-space-size).
    this.gauge('nodejs_heap_size_limit_bytes', 'The most the JavaScript heap may hold before the process stops out of memory', [], (g) =>
      g.set(getHeapStatistics().heap_size_limit),
    );
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name: `governor_${name}`, help, labelNames, registers: [this.registry] });
  }

  gauge(name: string, help: string, labelNames: string[] = [], collect?: (gauge: Gauge) => void): Gauge {
    return new Gauge({
      name: `governor_${name}`,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect ? { collect() { collect(this); } } : {}),
    });
  }

  histogram(name: string, help: string, buckets: number[], labelNames: string[] = []): Histogram {
    return new Histogram({ name: `governor_${name}`, help, buckets, labelNames, registers: [this.registry] });
  }
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
