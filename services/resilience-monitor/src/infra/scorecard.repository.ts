// Gathers the facts of a scorecard window from the stored events, grouped by domain; the figures
// are computed from them in src/domain/scorecard.ts.
import { DataSource } from 'typeorm';
import type { ApprovalOutcome, DecisionOutcome, Domain, DomainMode, SecurityViolationKind, ShadowRunV1, SourceDomain } from '@governor/contracts';
import { assertSchemaName } from '@governor/messaging';
import { FILLED_STATUSES, SHIPPED_STATUSES } from '../domain/business-outcomes';
import { ExecutionOutcomes, type ExecutionOutcome, type ScorecardInputs } from '../domain/scorecard';

const OPERATOR_PREFIX = 'operator:';
const statusList = (statuses: readonly string[]) => `'{${statuses.join(',')}}'::text[]`;

type OutcomeFacts = Pick<ScorecardInputs, 'rejectionReasons' | 'retries' | 'orders' | 'forecasts' | 'actuals' | 'executionHolds' | 'shadowReports'>;

export class ScorecardRepository {
  private readonly s: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  async load(from: number, to: number): Promise<Omit<ScorecardInputs, 'health'>> {
    const [governance, outcomes] = await Promise.all([this.loadGovernance(from, to), this.loadOutcomes(from, to)]);
    return { ...governance, ...outcomes };
  }

  private async loadGovernance(from: number, to: number): Promise<Omit<ScorecardInputs, 'health' | keyof OutcomeFacts>> {
    const s = this.s;
    const q = <T>(sql: string): Promise<T[]> => this.dataSource.query(sql, [new Date(from), new Date(to)]);
    const [quality, decisions, proposals, approvals, executions, failures, modeChanges, models, audit, accessViolations] = await Promise.all([
      q<{ domain: SourceDomain; events: number | null; scored: number | null; score_sum: number | null }>(
        `SELECT domain, sum(event_count * new_share) AS events,
                sum(event_count * new_share) FILTER (WHERE mean_score IS NOT NULL) AS scored,
                sum(event_count * new_share * mean_score) FILTER (WHERE mean_score IS NOT NULL) AS score_sum
         FROM ${s}.feed_health WHERE reported_at > $1 AND reported_at <= $2 GROUP BY domain`,
      ),
      q<{ domain: Domain; outcome: DecisionOutcome; in_fallback: boolean; count: number }>(
        `SELECT domain, outcome, domain_mode <> 'automated' AS in_fallback, count(*)::int AS count FROM ${s}.decisions
         WHERE decided_at > $1 AND decided_at <= $2 GROUP BY 1, 2, 3`,
      ),
      q<{ domain: Domain; count: number }>(
        `SELECT domain, count(DISTINCT action_id)::int AS count FROM ${s}.decisions
         WHERE decided_at > $1 AND decided_at <= $2 GROUP BY domain`,
      ),
      q<{ domain: Domain; outcome: ApprovalOutcome; latency: number }>(
        `SELECT domain, outcome, latency_seconds AS latency FROM ${s}.approvals
         WHERE resolved_at > $1 AND resolved_at <= $2`,
      ),
      q<{ domain: Domain; outcome: ExecutionOutcome; count: number }>(
        `SELECT domain, outcome, count(*)::int AS count FROM ${s}.outcomes
         WHERE occurred_at > $1 AND occurred_at <= $2 GROUP BY domain, outcome`,
      ),
      q<{ domain: Domain; failed_at: Date; resolved_at: Date | null }>(
        `SELECT f.domain, f.occurred_at AS failed_at,
                (SELECT min(o.occurred_at) FROM ${s}.outcomes o
                 WHERE o.action_id = f.action_id AND o.outcome <> '${ExecutionOutcomes.Failed}' AND o.occurred_at >= f.occurred_at) AS resolved_at
         FROM ${s}.outcomes f
         WHERE f.outcome = '${ExecutionOutcomes.Failed}' AND f.occurred_at > $1 AND f.occurred_at <= $2`,
      ),
      // UNION, not UNION ALL: a change can be both the last before the window and made within it.
      q<{ domain: SourceDomain; mode: DomainMode; since: Date; changed_at: Date; triggered_by: string }>(
        `SELECT domain, mode, since, changed_at, triggered_by FROM (
           (SELECT source, event_id, domain, mode, since, changed_at, triggered_by FROM ${s}.mode_changes
            WHERE (since > $1 AND since <= $2) OR (changed_at > $1 AND changed_at <= $2))
           UNION
           (SELECT DISTINCT ON (domain) source, event_id, domain, mode, since, changed_at, triggered_by FROM ${s}.mode_changes
            WHERE since <= $1 ORDER BY domain, since DESC, changed_at DESC)
         ) AS changes`,
      ),
      q<{ domain: SourceDomain; model_id: string; model_version: string; psi: number | null; forecast_bias: number | null; bias_sample_size: number }>(
        `SELECT DISTINCT ON (model_id) model_id, model_version, domain, psi, forecast_bias, bias_sample_size FROM ${s}.model_health
         WHERE reported_at > $1 AND reported_at <= $2 ORDER BY model_id, reported_at DESC`,
      ),
      // Audit completeness, as far as the monitor can see it: an executed action's lineage is whole
      // when its decision is known and, unless policy auto-approved it, an approval task approved it.
      q<{ domain: Domain; executed: number; complete: number }>(
        `SELECT e.domain, count(*)::int AS executed,
                count(*) FILTER (WHERE d.outcome = 'auto-approved' OR (d.outcome IS NOT NULL AND a.approved))::int AS complete
         FROM (SELECT DISTINCT ON (action_id) action_id, domain FROM ${s}.outcomes
               WHERE outcome = '${ExecutionOutcomes.Executed}' AND occurred_at > $1 AND occurred_at <= $2) e
         LEFT JOIN LATERAL (SELECT outcome FROM ${s}.decisions WHERE action_id = e.action_id ORDER BY decided_at DESC LIMIT 1) d ON true
         LEFT JOIN LATERAL (SELECT bool_or(outcome = 'approved') AS approved FROM ${s}.approvals WHERE action_id = e.action_id) a ON true
         GROUP BY e.domain`,
      ),
      q<{ domain: Domain | null; kind: SecurityViolationKind; count: number }>(
        `SELECT domain, kind, sum(count)::int AS count FROM ${s}.security_violations
         WHERE last_at > $1 AND last_at <= $2 GROUP BY domain, kind`,
      ),
    ]);
    return {
      from,
      to,
      quality: quality.map((r) => ({ domain: r.domain, events: Number(r.events ?? 0), scoredEvents: Number(r.scored ?? 0), scoreSum: Number(r.score_sum ?? 0) })),
      decisions: decisions.map((d) => ({ domain: d.domain, outcome: d.outcome, inFallback: d.in_fallback, count: d.count })),
      proposals,
      approvals: approvals.map((a) => ({ domain: a.domain, outcome: a.outcome, latencySeconds: a.latency })),
      executions,
      failures: failures.map((f) => ({ domain: f.domain, failedAt: f.failed_at.getTime(), resolvedAt: f.resolved_at?.getTime() ?? null })),
      modeChanges: modeChanges.map((c) => ({
        domain: c.domain,
        mode: c.mode,
        at: c.since.getTime(),
        changedAt: c.changed_at.getTime(),
        byOperator: c.triggered_by.startsWith(OPERATOR_PREFIX),
      })),
      models: models.map((m) => ({
        domain: m.domain,
        modelId: m.model_id,
        modelVersion: m.model_version,
        psi: m.psi,
        forecastBias: m.forecast_bias,
        biasSampleSize: m.bias_sample_size,
      })),
      audit,
      accessViolations,
    };
  }

  /** The facts of the outcomes: rejection reasons, retried executions, orders, demand forecasts and actuals, execution holds, shadow runs. */
  private async loadOutcomes(from: number, to: number): Promise<OutcomeFacts> {
    const s = this.s;
    const q = <T>(sql: string): Promise<T[]> => this.dataSource.query(sql, [new Date(from), new Date(to)]);
    const [reasons, retries, orders, forecasts, actuals, holds, shadows] = await Promise.all([
      q<{ domain: Domain; policy_id: string; count: number }>(
        `SELECT domain, reason AS policy_id, count(*)::int AS count FROM ${s}.decisions, jsonb_array_elements_text(reasons) AS reason
         WHERE outcome = 'rejected' AND decided_at > $1 AND decided_at <= $2 GROUP BY 1, 2`,
      ),
      // Approved when policy auto-approved it or people approved it, whichever came last.
      q<{ domain: Domain; approved_at: Date | null; executed_at: Date }>(
        `SELECT o.domain, o.occurred_at AS executed_at,
                (SELECT max(at) FROM (
                   SELECT decided_at AS at FROM ${s}.decisions WHERE action_id = o.action_id AND outcome = 'auto-approved'
                   UNION ALL
                   SELECT resolved_at FROM ${s}.approvals WHERE action_id = o.action_id AND outcome = 'approved') AS approvals) AS approved_at
         FROM ${s}.outcomes o
         WHERE o.outcome = '${ExecutionOutcomes.Executed}' AND o.attempts > 1 AND o.occurred_at > $1 AND o.occurred_at <= $2`,
      ),
      q<{ placed_at: Date; filled_at: Date | null; shipped_at: Date | null }>(
        `SELECT o.placed_at,
                (SELECT min(reported_at) FROM ${s}.shipments WHERE order_id = o.order_id AND status = ANY(${statusList(FILLED_STATUSES)})) AS filled_at,
                (SELECT min(reported_at) FROM ${s}.shipments WHERE order_id = o.order_id AND status = ANY(${statusList(SHIPPED_STATUSES)})) AS shipped_at
         FROM (SELECT DISTINCT ON (order_id) order_id, placed_at FROM ${s}.orders
               WHERE placed_at > $1 AND placed_at <= $2 ORDER BY order_id, placed_at) o`,
      ),
      q<{ domain: Domain; model_id: string; model_version: string; subject: string; daily_demand: number; made_at: Date }>(
        `SELECT domain, model_id, model_version, subject, daily_demand, made_at FROM ${s}.demand_forecasts
         WHERE made_at <= $2 AND subject IN (SELECT subject FROM ${s}.demand_actuals WHERE recorded_at > $1 AND recorded_at <= $2)`,
      ),
      q<{ subject: string; day: string; quantity: number; recorded_at: Date }>(
        `SELECT subject, day::text AS day, quantity, recorded_at FROM ${s}.demand_actuals WHERE recorded_at > $1 AND recorded_at <= $2`,
      ),
      q<{ domain: Domain; count: number }>(
        `SELECT domain, count(*)::int AS count FROM ${s}.review_requests
         WHERE domain_mode <> 'automated' AND requested_at > $1 AND requested_at <= $2 GROUP BY domain`,
      ),
      q<{ domain: SourceDomain; model_id: string; run: ShadowRunV1; reported_at: Date }>(
        `SELECT h.domain, h.model_id, run, h.reported_at FROM ${s}.model_health h, jsonb_array_elements(h.shadows) AS run
         WHERE h.reported_at > $1 AND h.reported_at <= $2`,
      ),
    ]);
    const time = (at: Date | null) => at?.getTime() ?? null;
    return {
      rejectionReasons: reasons.map((r) => ({ domain: r.domain, policyId: r.policy_id, count: r.count })),
      retries: retries.map((r) => ({ domain: r.domain, approvedAt: time(r.approved_at), executedAt: r.executed_at.getTime() })),
      orders: orders.map((o) => ({ placedAt: o.placed_at.getTime(), filledAt: time(o.filled_at), shippedAt: time(o.shipped_at) })),
      forecasts: forecasts.map((f) => ({
        domain: f.domain,
        modelId: f.model_id,
        modelVersion: f.model_version,
        subject: f.subject,
        dailyDemand: f.daily_demand,
        madeAt: f.made_at.getTime(),
      })),
      executionHolds: holds,
      shadowReports: shadows.map(({ domain, model_id, run, reported_at }) => ({
        domain,
        modelId: model_id,
        version: run.version,
        champion: run.champion,
        since: run.since,
        forecasts: run.forecasts,
        wape: run.wape,
        championWape: run.championWape,
        reportedAt: reported_at.getTime(),
      })),
      actuals: actuals.map((a) => ({ subject: a.subject, date: a.day, recordedAt: a.recorded_at.getTime(), quantity: a.quantity })),
    };
  }
}
