// What policy-enforcement keeps from other services' events: the latest health of each source
// feed (an agent's proposal is judged on its domain's data quality), the current mode of each
// domain, and execution outcomes (for lineage). Shared by all instances through Postgres, since
// each instance consumes only its share of the partitions. In a consumer's transaction the
// domains' modes are read once (a handful of rows) and kept for the transaction, and the outcomes
// it records are written together at its end (commit-hooks).
import type { DataSource, EntityManager } from 'typeorm';
import {
  DomainModes,
  type ActionOutcomeV1,
  type Domain,
  type DomainMode,
  type DomainModeChangedV1,
  type FeedHealthReportedV1,
} from '@governor/contracts';
import { assertSchemaName, DeferredRows, preparedQuery } from '@governor/messaging';
import type { FeedHealth } from '../../domain/data-quality';

export interface OutcomeRecord {
  type: string;
  adapter: string;
  externalReference: string | null;
  error: string | null;
  attempts: number;
  occurredAt: Date;
}

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** An outcome as inserted: source, event id, action id, type, adapter, reference, error, attempts, time. */
type OutcomeRow = [string, string, string, string, string, string | null, string | null, number, string];

export class SignalStore {
  private readonly s: string;
  /** The modes read in a transaction, by its manager; dropped when the transaction writes a mode. */
  private readonly modesIn = new WeakMap<EntityManager, Map<Domain, DomainMode>>();
  private readonly outcomes = new DeferredRows<OutcomeRow>((manager, rows) =>
    this.insertOutcomes(manager, rows),
  );

  constructor(schema: string) {
    this.s = assertSchemaName(schema);
  }

  /** Keeps the newest report per feed; an older one arriving late changes nothing. */
  async recordFeedHealth(manager: EntityManager, report: FeedHealthReportedV1): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO "${this.s}".feed_health (feed_source, topic, domain, mean_score, stale, reported_at, trusted)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (feed_source, topic) DO UPDATE SET domain = excluded.domain, mean_score = excluded.mean_score,
         stale = excluded.stale, reported_at = excluded.reported_at, trusted = excluded.trusted
       WHERE feed_health.reported_at <= excluded.reported_at`,
      [report.feedSource, report.topic, report.domain, report.meanScore, report.stale, report.reportedAt, report.trusted !== false],
    );
  }

  /** The latest report of every feed (a handful of rows), for judging agents' proposals on. */
  async feedHealth(manager: EntityManager): Promise<FeedHealth[]> {
    const rows: { feed_source: string; topic: string; domain: Domain; mean_score: number | null; stale: boolean; trusted: boolean }[] =
      await preparedQuery(manager, `SELECT feed_source, topic, domain, mean_score, stale, trusted FROM "${this.s}".feed_health`);
    return rows.map((r) => ({
      feedSource: r.feed_source,
      topic: r.topic,
      domain: r.domain,
      meanScore: r.mean_score,
      stale: r.stale,
      trusted: r.trusted,
    }));
  }

  /** Applies a mode change unless a newer one is stored already. */
  async recordDomainMode(manager: EntityManager, change: DomainModeChangedV1): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO "${this.s}".domain_modes (domain, mode, previous_mode, reason, triggered_by, since)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (domain) DO UPDATE SET mode = excluded.mode, previous_mode = excluded.previous_mode,
         reason = excluded.reason, triggered_by = excluded.triggered_by, since = excluded.since
       WHERE domain_modes.since <= excluded.since`,
      [change.domain, change.mode, change.previousMode, change.reason, change.triggeredBy, change.since],
    );
    this.modesIn.delete(manager);
  }

  /**
   * The current mode of each domain, in the order given; a domain never reported is automated. In
   * a transaction, all domains' modes are read at its first call and kept until it writes a mode.
   */
  async modesOf(manager: EntityManager, domains: readonly Domain[]): Promise<DomainMode[]> {
    let modes = this.modesIn.get(manager);
    if (!modes) {
      const rows: { domain: Domain; mode: DomainMode }[] = await preparedQuery(
        manager,
        `SELECT domain, mode FROM "${this.s}".domain_modes`,
      );
      modes = new Map(rows.map((r) => [r.domain, r.mode]));
      if (manager.queryRunner?.isTransactionActive) this.modesIn.set(manager, modes);
    }
    return domains.map((d) => modes.get(d) ?? DomainModes.Automated);
  }

  /** Recorded at the end of a consumer's transaction, with the others it records; at once outside one. */
  async recordOutcome(
    manager: EntityManager,
    key: { source: string; id: string; type: string; time: string },
    outcome: ActionOutcomeV1,
  ): Promise<void> {
    const row: OutcomeRow = [
      key.source,
      key.id,
      outcome.actionId,
      key.type,
      outcome.adapter,
      outcome.externalReference ?? null,
      outcome.error ?? null,
      outcome.attempts,
      key.time,
    ];
    if (!this.outcomes.add(manager, [row])) await this.insertOutcomes(manager, [row]);
  }

  /** One statement of fixed text however many rows. */
  private async insertOutcomes(manager: EntityManager, rows: readonly OutcomeRow[]): Promise<void> {
    const column = (i: number) => rows.map((r) => r[i]);
    await preparedQuery(
      manager,
      `INSERT INTO "${this.s}".action_outcomes (source, event_id, action_id, type, adapter, external_reference, error, attempts, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
    );
  }

  async outcomesOf(db: Queryable, actionId: string): Promise<OutcomeRecord[]> {
    return (await this.outcomesOfActions(db, [actionId])).map(({ actionId: _, ...outcome }) => outcome);
  }

  /** What execution reported for these actions, oldest first, in one statement. */
  async outcomesOfActions(db: Queryable, actionIds: readonly string[]): Promise<(OutcomeRecord & { actionId: string })[]> {
    if (actionIds.length === 0) return [];
    const rows: {
      action_id: string;
      type: string;
      adapter: string;
      external_reference: string | null;
      error: string | null;
      attempts: number;
      occurred_at: Date;
    }[] = await db.query(
      `SELECT action_id, type, adapter, external_reference, error, attempts, occurred_at FROM "${this.s}".action_outcomes
       WHERE action_id = ANY($1::text[]) ORDER BY occurred_at, event_id`,
      [actionIds],
    );
    return rows.map((r) => ({
      actionId: r.action_id,
      type: r.type,
      adapter: r.adapter,
      externalReference: r.external_reference,
      error: r.error,
      attempts: r.attempts,
      occurredAt: r.occurred_at,
    }));
  }
}
