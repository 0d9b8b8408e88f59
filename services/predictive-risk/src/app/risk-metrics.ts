// The service's Prometheus metrics, registered once on the process's ServiceMetrics registry.
import { type Counter, type Gauge } from 'prom-client';
import { type ServiceMetrics } from '@governor/nest';

export class RiskMetrics {
  readonly proposals: Counter;
  readonly suppressed: Counter;
  readonly lowQuality: Counter;
  readonly ignored: Counter;
  readonly psi: Gauge;
  readonly forecastBias: Gauge;

  constructor(metrics: ServiceMetrics) {
    this.proposals = metrics.counter('risk_proposals_total', 'Action proposals published, by action type', [
      'action_type',
    ]);
    this.suppressed = metrics.counter(
      'risk_proposals_suppressed_total',
      'Proposals not repeated because their need is still open, by action type',
      ['action_type'],
    );
    this.lowQuality = metrics.counter(
      'risk_low_quality_inputs_total',
      'Inputs scored below the data-quality floor and used by no model, by event type',
      ['event_type'],
    );
    this.ignored = metrics.counter(
      'risk_inputs_ignored_total',
      'Inputs that changed nothing: older than the state already held, for a closed day, or about unknown entities',
      ['reason'],
    );
    this.psi = metrics.gauge(
      'risk_model_psi',
      'Latest population stability index of each model (its worst input)',
      ['model'],
    );
    this.forecastBias = metrics.gauge(
      'risk_model_forecast_bias',
      'Latest mean forecast minus actual of each model',
      ['model'],
    );
  }
}
