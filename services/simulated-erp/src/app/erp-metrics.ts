// The simulated ERP's Prometheus series, served on GET /metrics (no credential, never faulted):
// the process's own (as every Governor process), requests by route pattern and status, and the
// faults it injected, so a test or the demo can see from outside what the stand-in did.
import { Counter, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX, registerProcessMetrics } from '@governor/telemetry';
import type { FaultEffect } from '../domain/fault-plan';

/** The route label of a request no route matched (so unknown paths cannot grow the label set). */
export const UNMATCHED_ROUTE = 'unmatched';

export class ErpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter;
  private readonly seconds: Histogram;
  private readonly faults: Counter;

  constructor(serviceName: string) {
    registerProcessMetrics(this.registry, serviceName);
    this.requests = new Counter({
      name: `${METRIC_PREFIX}erp_requests_total`,
      help: 'Requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.seconds = new Histogram({
      name: `${METRIC_PREFIX}erp_request_duration_seconds`,
      help: 'Time from a request to its answer (injected delays included), by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.faults = new Counter({
      name: `${METRIC_PREFIX}erp_faults_injected_total`,
      help: 'Faults injected through /_control, by route pattern and kind: delay, failure-before or failure-after (the work done)',
      labelNames: ['route', 'fault'],
      registers: [this.registry],
    });
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.seconds.observe({ method, route }, seconds);
  }

  injected(route: string, effect: FaultEffect): void {
    if (effect.delayMs > 0) this.faults.inc({ route, fault: 'delay' });
    if (effect.failure) this.faults.inc({ route, fault: `failure-${effect.failure.when}` });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
