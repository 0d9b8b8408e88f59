// Prometheus metrics of one service process: the default process metrics (CPU, RSS, event-loop
// lag, GC) and whatever counters and gauges the service registers on the same registry.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export class ServiceMetrics {
  readonly registry = new Registry();

  constructor(serviceName: string) {
    this.registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: this.registry, prefix: 'governor_' });
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
