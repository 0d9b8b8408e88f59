// The service's own Prometheus series, on the registry /metrics serves: outcomes, duplicates,
// attempts and their duration per adapter, approved actions refused for their signature, each
// target's circuit state, and the domain modes known.
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { ServiceMetrics } from '@governor/nest';
import { AdapterRegistry } from '../infra/adapter-registry';
import { DomainModeTracker } from '../infra/domain-mode-tracker';

const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

@Injectable()
export class ExecutionMetrics {
  readonly outcomes: Counter;
  readonly duplicates: Counter;
  readonly attempts: Counter;
  readonly attemptSeconds: Histogram;
  readonly signatureRejections: Counter;

  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(AdapterRegistry) adapters: AdapterRegistry,
    @Inject(DomainModeTracker) modes: DomainModeTracker,
  ) {
    this.outcomes = metrics.counter('execution_outcomes_total', 'What became of approved actions', ['outcome']);
    this.duplicates = metrics.counter(
      'execution_duplicates_total',
      'Approved actions received again for an actionId already known; not executed again',
      ['state'],
    );
    this.attempts = metrics.counter('execution_attempts_total', 'Calls to execute or compensate, by result', ['adapter', 'kind', 'outcome']);
    this.signatureRejections = metrics.counter(
      'signature_rejections_total',
      'Approved actions refused (dead-lettered, never executed) because their signature did not verify, by reason',
      ['reason'],
    );
    this.attemptSeconds = metrics.histogram('execution_attempt_seconds', 'Duration of one attempt', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], ['adapter', 'kind']);
    metrics.gauge('adapter_circuit_state', 'Circuit breaker per target: 0 closed, 1 half-open, 2 open', ['target'], (g) => {
      for (const target of adapters.targets) g.set({ target: target.name }, CIRCUIT_VALUE[target.state]);
    });
    metrics.gauge('execution_domain_mode', 'The mode each reported domain is in (1 for the current one)', ['domain', 'mode'], (g) => {
      g.reset();
      for (const [domain, known] of Object.entries(modes.snapshot())) if (known) g.set({ domain, mode: known.mode }, 1);
    });
  }
}
