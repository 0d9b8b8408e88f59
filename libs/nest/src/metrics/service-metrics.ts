// Prometheus metrics of one service process: the process's own series (@governor/telemetry:
// CPU, RSS, heap and its cap, event-loop lag and busy time, GC), and whatever counters, gauges
// and histograms the service registers on the same registry. Every name gets the `governor_`
// prefix; a figure that only grows is a counter (`counter`, or `mirroredCounter` when another
// object keeps the count), never a gauge, so that `promtool check metrics` accepts the page.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerStats, PartitionLag } from '@governor/messaging';
import { EVENT_LOOP_ACTIVE_METRIC, METRIC_PREFIX, mirroredCounter, type ObserveCount, registerProcessMetrics } from '@governor/telemetry';

export { EVENT_LOOP_ACTIVE_METRIC };

export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(serviceName: string) {
    registerProcessMetrics(this.registry, serviceName);
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers: [this.registry] });
  }

  /** A counter of figures another object keeps (see mirroredCounter): `read` reports them at each scrape. */
  mirroredCounter(name: string, help: string, labelNames: string[], read: (observe: ObserveCount) => void): Counter {
    return mirroredCounter(this.registry, METRIC_PREFIX + name, help, labelNames, read);
  }

  /**
   * A Kafka consumer's records by what became of them (duplicates only where an inbox finds them)
   * and how far behind each partition it is.
   */
  consumer(read: () => { stats: ConsumerStats; lag: ReadonlyMap<string, PartitionLag> } | undefined): void {
    this.mirroredCounter('consumer_records_total', 'Records consumed, by what became of them', ['outcome'], (observe) => {
      const stats = read()?.stats;
      if (!stats) return;
      observe(stats.handled, { outcome: 'handled' });
      observe(stats.duplicates, { outcome: 'duplicate' });
      observe(stats.deadLettered, { outcome: 'dead-lettered' });
      observe(stats.retries, { outcome: 'retried' });
    });
    this.gauge('consumer_lag_records', 'Records behind the end of each partition the consumer holds, as of its last fetch there', ['topic', 'partition'], (g) => {
      g.reset();
      for (const { topic, partition, records } of read()?.lag.values() ?? []) g.set({ topic, partition: String(partition) }, records);
    });
  }

  /** A figure that goes up and down; its name must not end in `_total`, which promtool keeps for counters. */
  gauge(name: string, help: string, labelNames: string[] = [], collect?: (gauge: Gauge) => void | Promise<void>): Gauge {
    if (name.endsWith('_total')) throw new Error(`gauge ${METRIC_PREFIX}${name}: a name ending in _total is a counter's; use counter or mirroredCounter`);
    return new Gauge({
      name: METRIC_PREFIX + name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect ? { collect() { return collect(this); } } : {}),
    });
  }

  histogram(name: string, help: string, buckets: number[], labelNames: string[] = []): Histogram {
    return new Histogram({ name: METRIC_PREFIX + name, help, buckets, labelNames, registers: [this.registry] });
  }
}
