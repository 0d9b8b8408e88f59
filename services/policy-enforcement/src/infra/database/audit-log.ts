// The audit log table: entries appended in the caller's transaction (so an entry exists exactly
// when the change it records does), one chain however many writers: a transaction-scoped advisory
// lock serialises appenders from the moment they read the last entry until they commit. So that
// the lock is held briefly, callers append as the last statement of their transaction, and in a
// consumer's transaction (a group of records) the entries are collected and appended together
// when it is about to commit, after every other deferred write (commit-hooks in messaging).
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName, DeferredRows, preparedQuery } from '@governor/messaging';
import { RequestedAuditKinds } from '@governor/contracts';
import {
  ChainVerifier,
  nextEntry,
  type AuditEntry,
  type ChainBreak,
  type ChainCheckpoint,
  type JsonValue,
} from '@governor/signing';

export interface AuditRecord {
  kind: string;
  actor: string;
  subject: string;
  payload: Record<string, unknown>;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBadEntry?: number;
  problem?: string;
}

interface AuditRow {
  seq: string;
  occurred_at: Date;
  kind: string;
  actor: string;
  subject: string;
  payload: { [key: string]: JsonValue };
  prev_hash: string;
  hash: string;
}

export const AuditKinds = {
  DecisionMade: 'decision.made',
  ApprovalRequested: 'approval.requested',
  ApprovalApproved: 'approval.approved',
  ApprovalCompleted: 'approval.completed',
  ApprovalRejected: 'approval.rejected',
  ApprovalExpired: 'approval.expired',
  ApprovalEscalated: 'approval.escalated',
  PolicyStored: 'policy.stored',
  PolicyActivated: 'policy.activated',
  AgentRegistered: 'agent.registered',
  DomainModeOverridden: 'domain.mode-overridden',
  /** A refusal some service reported (security.violation-recorded.v1): one entry per event, with its count. */
  SecurityViolation: 'security.violation',
  /** Asked for by another service (audit.entry-requested.v1): a trusted source registered in data-quality. */
  SourceRegistered: RequestedAuditKinds.SourceRegistered,
  /** Asked for by a service's retention job: how many rows of which store it deleted, and their range. */
  RetentionPruned: RequestedAuditKinds.RetentionPruned,
  /** A model version became champion in predictive-risk's registry (risk.model-promoted.v1). */
  ModelPromoted: 'model.promoted',
  /** A refit retired without becoming champion (risk.model-retired.v1). */
  ModelRetired: 'model.retired',
} as const;

const PAGE = 1_000;

/** What `GET /audit` filters on; the time bounds are [from, to). */
export interface AuditFilter {
  subject?: string;
  kind?: string;
  from?: Date;
  to?: Date;
}

const COLUMNS = 'seq, occurred_at, kind, actor, subject, payload, prev_hash, hash';

export class AuditLog {
  private readonly table: string;
  private readonly lockName: string;

  private readonly deferred = new DeferredRows<AuditRecord>(
    (manager, records) => this.write(manager, records),
    'last',
  );

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".audit_log`;
    this.lockName = `${schema}.audit_log`;
  }

  /** Appends now, or at the end of a consumer's transaction (with the rest of its group's entries). */
  async append(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.deferred.add(manager, records)) await this.write(manager, records);
  }

  private async write(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    // Two statements: the head must be read with a snapshot taken after the lock is held.
    await preparedQuery(manager, 'SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockName]);
    const last: { seq: string; hash: string }[] = await preparedQuery(
      manager,
      `SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1`,
    );
    let previous = last[0] ? { seq: Number(last[0].seq), hash: last[0].hash } : undefined;
    const occurredAt = new Date().toISOString();
    const entries = records.map((record) => {
      // Through JSON once, so the hash covers exactly what jsonb will hand back (no Dates, no undefined).
      const payload = JSON.parse(JSON.stringify(record.payload)) as { [key: string]: JsonValue };
      const entry = nextEntry(previous, {
        occurredAt,
        kind: record.kind,
        actor: record.actor,
        subject: record.subject,
        payload,
      });
      previous = entry;
      return entry;
    });
    const column = <T>(value: (e: AuditEntry) => T): T[] => entries.map(value);
    // One statement of fixed text however many entries: prepared once per connection.
    await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (seq, occurred_at, kind, actor, subject, payload, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
         $7::text[], $8::text[])`,
      [
        column((e) => e.seq),
        column((e) => e.occurredAt),
        column((e) => e.kind),
        column((e) => e.actor),
        column((e) => e.subject),
        column((e) => JSON.stringify(e.payload)),
        column((e) => e.prevHash),
        column((e) => e.hash),
      ],
    );
  }

  /**
   * Walks the whole chain in seq order, a page at a time, and names the first bad entry; with a
   * signed checkpoint, also an entry it covers that is missing or different (a truncation).
   */
  async verify(dataSource: DataSource, checkpoint?: ChainCheckpoint): Promise<AuditVerification> {
    const verifier = new ChainVerifier(checkpoint);
    let after = 0;
    for (;;) {
      const rows: AuditRow[] = await dataSource.query(
        `SELECT seq, occurred_at, kind, actor, subject, payload, prev_hash, hash
         FROM ${this.table} WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, PAGE],
      );
      for (const row of rows) {
        const broken: ChainBreak | undefined = verifier.check(toEntry(row));
        if (broken)
          return { ok: false, entries: verifier.entries, firstBadEntry: broken.seq, problem: broken.problem };
      }
      if (rows.length < PAGE) {
        const cut = verifier.end();
        if (cut) return { ok: false, entries: verifier.entries, firstBadEntry: cut.seq, problem: cut.problem };
        return { ok: true, entries: verifier.entries };
      }
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /** Up to `limit` entries that pass the filter, in seq order, after the seq `afterSeq` (keyset paging). */
  async list(dataSource: DataSource, filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table}
       WHERE seq > $1
         AND ($2::text IS NULL OR subject = $2) AND ($3::text IS NULL OR kind = $3)
         AND ($4::timestamptz IS NULL OR occurred_at >= $4) AND ($5::timestamptz IS NULL OR occurred_at < $5)
       ORDER BY seq LIMIT $6`,
      [afterSeq, filter.subject ?? null, filter.kind ?? null, filter.from ?? null, filter.to ?? null, limit],
    );
    return rows.map(toEntry);
  }

  /**
   * The seqs of the first and last entries written in [from, to); undefined when none was. An
   * evidence pack holds every entry between them, so it is one unbroken stretch of the chain even
   * if writers' clocks disagreed by a little at its ends.
   */
  async seqRange(dataSource: DataSource, from: Date, to: Date): Promise<{ first: number; last: number } | undefined> {
    const rows: { first: string | null; last: string | null }[] = await dataSource.query(
      `SELECT min(seq) AS first, max(seq) AS last FROM ${this.table} WHERE occurred_at >= $1 AND occurred_at < $2`,
      [from, to],
    );
    const { first, last } = rows[0];
    return first === null || last === null ? undefined : { first: Number(first), last: Number(last) };
  }

  /** The entries from seq `first` to `last`, in seq order, read a page at a time. */
  async between(dataSource: DataSource, first: number, last: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (let after = first - 1; after < last; ) {
      const rows: AuditRow[] = await dataSource.query(
        `SELECT ${COLUMNS} FROM ${this.table} WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        [after, last, PAGE],
      );
      if (rows.length === 0) break;
      entries.push(...rows.map(toEntry));
      after = Number(rows[rows.length - 1].seq);
    }
    return entries;
  }

  /** The newest entry of `kind` written before `before`; undefined when there is none. */
  async lastOfKindBefore(dataSource: DataSource, kind: string, before: Date): Promise<AuditEntry | undefined> {
    const rows: AuditRow[] = await dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE kind = $1 AND occurred_at < $2 ORDER BY seq DESC LIMIT 1`,
      [kind, before],
    );
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async forSubject(dataSource: DataSource, subject: string): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await dataSource.query(
      `SELECT seq, occurred_at, kind, actor, subject, payload, prev_hash, hash FROM ${this.table}
       WHERE subject = $1 ORDER BY seq`,
      [subject],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind,
    actor: row.actor,
    subject: row.subject,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
