// Reads and writes the breaker's tables. The state of a domain is changed only inside a transaction
// that holds its row FOR UPDATE, so the health handler and operator calls (on any instance) never
// interleave, and the change, its history row and its outbox event commit together.
import { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import type { DomainMode, HealthReasonV1, SourceDomain } from '@governor/contracts';
import type { BreakerState, ForcedMode, ModeChange } from '../domain/breaker';

export interface HealthSnapshot {
  value: number;
  staleFeeds: string[];
  reasons: HealthReasonV1[];
  reportedAt: string;
}

/** One applied health report, as `GET /domains/{domain}/health` lists it. */
export interface HealthHistoryEntry {
  reportedAt: string;
  health: number;
  staleFeeds: string[];
  reasons: HealthReasonV1[];
}

/** Where a page of the health history continues: the last row's time (microseconds, UTC) and id. */
export interface HealthCursor {
  at: string;
  id: string;
}

export interface DomainRecord {
  state: BreakerState;
  health: HealthSnapshot | null;
}

export interface ModeHistoryEntry {
  eventId: string;
  mode: DomainMode;
  previousMode: DomainMode;
  reason: string;
  triggeredBy: string;
  since: string;
}

export interface OverrideHistoryEntry {
  action: 'force' | 'clear';
  mode: ForcedMode | null;
  userId: string;
  reason: string;
  at: string;
}

interface StateRow {
  domain: SourceDomain;
  mode: DomainMode;
  since: Date;
  healthy_streak: number;
  override_mode: ForcedMode | null;
  override_by: string | null;
  override_reason: string | null;
  override_at: Date | null;
  health: number | null;
  stale_feeds: string[];
  health_reasons: HealthReasonV1[];
  health_reported_at: Date | null;
}

export class BreakerRepository {
  private readonly s: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /** Gives every domain a row (automated) the first time the service starts; later starts keep theirs. */
  async ensureDomains(domains: readonly SourceDomain[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.s}.domain_state (domain, mode, since)
       SELECT d, 'automated', now() FROM unnest($1::text[]) AS d ON CONFLICT (domain) DO NOTHING`,
      [domains],
    );
  }

  /**
   * The domain's state, locked until the transaction ends. Creates the row when missing: Nest starts
   * the consumer before the application's bootstrap hooks, so a health record can come first.
   */
  async lock(manager: EntityManager, domain: SourceDomain): Promise<DomainRecord> {
    await manager.query(
      `INSERT INTO ${this.s}.domain_state (domain, mode, since) VALUES ($1, 'automated', now()) ON CONFLICT (domain) DO NOTHING`,
      [domain],
    );
    const rows: StateRow[] = await manager.query(`SELECT * FROM ${this.s}.domain_state WHERE domain = $1 FOR UPDATE`, [domain]);
    return toRecord(rows[0]);
  }

  async all(): Promise<DomainRecord[]> {
    const rows: StateRow[] = await this.dataSource.query(`SELECT * FROM ${this.s}.domain_state ORDER BY domain`);
    return rows.map(toRecord);
  }

  async one(domain: SourceDomain): Promise<DomainRecord | undefined> {
    const rows: StateRow[] = await this.dataSource.query(`SELECT * FROM ${this.s}.domain_state WHERE domain = $1`, [domain]);
    return rows[0] && toRecord(rows[0]);
  }

  async save(manager: EntityManager, state: BreakerState, health?: HealthSnapshot): Promise<void> {
    const o = state.override;
    await manager.query(
      `UPDATE ${this.s}.domain_state SET mode = $2, since = $3, healthy_streak = $4,
         override_mode = $5, override_by = $6, override_reason = $7, override_at = $8, updated_at = now()
       WHERE domain = $1`,
      [state.domain, state.mode, new Date(state.since), state.healthyStreak, o?.mode ?? null, o?.userId ?? null, o?.reason ?? null, o ? new Date(o.at) : null],
    );
    if (health) {
      await manager.query(
        `UPDATE ${this.s}.domain_state SET health = $2, stale_feeds = $3::jsonb, health_reasons = $4::jsonb, health_reported_at = $5
         WHERE domain = $1`,
        [state.domain, health.value, JSON.stringify(health.staleFeeds), JSON.stringify(health.reasons), health.reportedAt],
      );
    }
  }

  /** Keeps an applied report in the health history, in the transaction that applied it. */
  async recordHealth(manager: EntityManager, domain: SourceDomain, health: HealthSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.s}.health_history (domain, reported_at, health, stale_feeds, reasons) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
      [domain, health.reportedAt, health.value, JSON.stringify(health.staleFeeds), JSON.stringify(health.reasons)],
    );
  }

  /**
   * A domain's reports with reportedAt in [from, to), oldest first: up to `limit`, after `after`
   * when given (keyset on (reported_at, id)). The cursor's time is Postgres' own text of the row's
   * timestamp to the microsecond, so no row is skipped or repeated however precise the reports' times.
   */
  async healthHistory(
    domain: SourceDomain,
    range: { from: Date; to: Date },
    limit: number,
    after?: HealthCursor,
  ): Promise<{ cursor: HealthCursor; entry: HealthHistoryEntry }[]> {
    const rows: { id: string; at_key: string; reported_at: Date; health: number; stale_feeds: string[]; reasons: HealthReasonV1[] }[] =
      await this.dataSource.query(
        `SELECT id, to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key, reported_at, health, stale_feeds, reasons
         FROM ${this.s}.health_history
         WHERE domain = $1 AND reported_at >= $2 AND reported_at < $3
           AND ($5::timestamptz IS NULL OR (reported_at, id) > ($5::timestamptz, $6::bigint))
         ORDER BY reported_at, id LIMIT $4`,
        [domain, range.from, range.to, limit, after?.at ?? null, after?.id ?? null],
      );
    return rows.map((r) => ({
      cursor: { at: r.at_key, id: String(r.id) },
      entry: { reportedAt: r.reported_at.toISOString(), health: r.health, staleFeeds: r.stale_feeds, reasons: r.reasons },
    }));
  }

  /** Deletes up to `batchSize` reports from before `before`, oldest first; answers how many. */
  async pruneHealth(before: Date, batchSize: number): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM ${this.s}.health_history WHERE id = ANY(ARRAY(
           SELECT id FROM ${this.s}.health_history WHERE reported_at < $1 ORDER BY reported_at LIMIT $2))
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [before, batchSize],
    );
    return rows[0]?.n ?? 0;
  }

  async recordChange(manager: EntityManager, change: ModeChange, eventId: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.s}.mode_history (event_id, domain, mode, previous_mode, reason, triggered_by, since)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [eventId, change.domain, change.mode, change.previousMode, change.reason, change.triggeredBy, new Date(change.since)],
    );
  }

  async recordOverride(
    manager: EntityManager,
    domain: SourceDomain,
    entry: { action: 'force' | 'clear'; mode: ForcedMode | null; userId: string; reason: string; at: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.s}.override_history (domain, action, mode, user_id, reason, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [domain, entry.action, entry.mode, entry.userId, entry.reason, new Date(entry.at)],
    );
  }

  /**
   * A domain's mode changes, newest first: up to `limit`, older than the change `beforeId` when
   * given (keyset paging on mode_history_domain), each with its row id for the next page's cursor.
   */
  async history(domain: SourceDomain, limit: number, beforeId?: string): Promise<{ id: string; entry: ModeHistoryEntry }[]> {
    const rows: { id: string; event_id: string; mode: DomainMode; previous_mode: DomainMode; reason: string; triggered_by: string; since: Date }[] =
      await this.dataSource.query(
        `SELECT id, event_id, mode, previous_mode, reason, triggered_by, since FROM ${this.s}.mode_history
         WHERE domain = $1 AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $2`,
        [domain, limit, beforeId ?? null],
      );
    return rows.map((r) => ({
      id: String(r.id),
      entry: {
        eventId: r.event_id,
        mode: r.mode,
        previousMode: r.previous_mode,
        reason: r.reason,
        triggeredBy: r.triggered_by,
        since: r.since.toISOString(),
      },
    }));
  }

  async overrides(domain: SourceDomain, limit: number): Promise<OverrideHistoryEntry[]> {
    const rows: { action: 'force' | 'clear'; mode: ForcedMode | null; user_id: string; reason: string; at: Date }[] =
      await this.dataSource.query(
        `SELECT action, mode, user_id, reason, at FROM ${this.s}.override_history WHERE domain = $1 ORDER BY id DESC LIMIT $2`,
        [domain, limit],
      );
    return rows.map((r) => ({ action: r.action, mode: r.mode, userId: r.user_id, reason: r.reason, at: r.at.toISOString() }));
  }
}

function toRecord(row: StateRow): DomainRecord {
  const override =
    row.override_mode && row.override_by && row.override_reason !== null && row.override_at
      ? { mode: row.override_mode, userId: row.override_by, reason: row.override_reason, at: row.override_at.getTime() }
      : null;
  return {
    state: {
      domain: row.domain,
      mode: row.mode,
      since: row.since.getTime(),
      healthyStreak: row.healthy_streak,
      override,
    },
    health:
      row.health === null || row.health_reported_at === null
        ? null
        : {
            value: row.health,
            staleFeeds: row.stale_feeds,
            reasons: row.health_reasons,
            reportedAt: row.health_reported_at.toISOString(),
          },
  };
}
