// Measures the signals of every domain's health over the sliding window, from the stored facts:
// a handful of grouped queries per health interval, whatever the traffic.
import { DataSource } from 'typeorm';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '@governor/contracts';
import { assertSchemaName } from '@governor/messaging';
import { emptySignals, type DomainSignals } from '../domain/health';

/** pg returns bigint and numeric aggregates as strings. */
const num = (value: string | number | null): number => (value === null ? 0 : Number(value));

export class HealthSignalsRepository {
  private readonly s: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  async load(now: number, windowSeconds: number): Promise<Map<SourceDomain, DomainSignals>> {
    const s = this.s;
    const from = new Date(now - windowSeconds * 1000);
    const q = <T>(sql: string, params: unknown[] = [from]): Promise<T[]> => this.dataSource.query(sql, params);
    const [feeds, quality, models, executions, approvals] = await Promise.all([
      q<{ feed: string; domain: SourceDomain; reported_at: Date; stale: boolean; seconds_since_last_event: number | null }>(
        `SELECT feed, domain, reported_at, stale, seconds_since_last_event FROM ${s}.feed_latest`,
        [],
      ),
      q<{ domain: SourceDomain; events: number | null; invalid: number | null; scored: number | null; score_sum: number | null }>(
        `SELECT domain, sum(event_count * new_share) AS events, sum(invalid_count * new_share) AS invalid,
                sum(event_count * new_share) FILTER (WHERE mean_score IS NOT NULL) AS scored,
                sum(event_count * new_share * mean_score) FILTER (WHERE mean_score IS NOT NULL) AS score_sum
         FROM ${s}.feed_health WHERE reported_at > $1 GROUP BY domain`,
      ),
      q<{ domain: SourceDomain; model_id: string; model_version: string; psi: number | null; forecast_bias: number | null; bias_sample_size: number }>(
        `SELECT DISTINCT ON (model_id) model_id, model_version, domain, psi, forecast_bias, bias_sample_size
         FROM ${s}.model_health WHERE reported_at > $1 ORDER BY model_id, reported_at DESC`,
      ),
      q<{ domain: SourceDomain; executed: string; failed: string }>(
        `SELECT domain, count(*) FILTER (WHERE outcome = 'executed') AS executed, count(*) FILTER (WHERE outcome = 'failed') AS failed
         FROM ${s}.outcomes WHERE occurred_at > $1 GROUP BY domain`,
      ),
      q<{ domain: SourceDomain; approved: string; rejected: string }>(
        `SELECT domain, count(*) FILTER (WHERE outcome = 'approved') AS approved, count(*) FILTER (WHERE outcome = 'rejected') AS rejected
         FROM ${s}.approvals WHERE resolved_at > $1 GROUP BY domain`,
      ),
    ]);
    const signals = new Map<SourceDomain, DomainSignals>(SOURCE_DOMAIN_VALUES.map((d) => [d, emptySignals()]));
    // Facts of domains without a breaker (planning advisories) have no health to feed.
    const of = (domain: SourceDomain) => signals.get(domain);
    for (const f of feeds) {
      of(f.domain)?.feeds.push({ feed: f.feed, stale: f.stale, reportedAt: f.reported_at.getTime(), secondsSinceLastEvent: f.seconds_since_last_event });
    }
    for (const r of quality) {
      const target = of(r.domain);
      if (target) target.quality = { events: num(r.events), invalid: num(r.invalid), scoredEvents: num(r.scored), scoreSum: num(r.score_sum) };
    }
    for (const m of models) {
      of(m.domain)?.models.push({
        modelId: m.model_id,
        modelVersion: m.model_version,
        psi: m.psi,
        forecastBias: m.forecast_bias,
        biasSampleSize: m.bias_sample_size,
      });
    }
    for (const e of executions) {
      const target = of(e.domain);
      if (target) target.executions = { executed: num(e.executed), failed: num(e.failed) };
    }
    for (const a of approvals) {
      const target = of(a.domain);
      if (target) target.approvals = { approved: num(a.approved), rejected: num(a.rejected) };
    }
    return signals;
  }
}
