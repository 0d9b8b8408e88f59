// SQL of the executions and attempts tables. Every change of an execution's state is conditional
// on the state (and attempt number) the caller holds, so two instances, or a late answer from an
// attempt whose lease ran out, can never both complete the same action.
import { DataSource, EntityManager } from 'typeorm';
import type { ActionType, ApprovalMode, Domain } from '@governor/contracts';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { TraceHeaders } from '@governor/telemetry';
import { ApprovedAction, ExecutionResult } from '../domain/adapter';
import { ExecutionState, ExecutionStates } from '../domain/execution-states';

export interface ExecutionRow {
  actionId: string;
  actionType: ActionType;
  domain: Domain;
  adapter: string;
  idempotencyKey: string;
  approvalMode: ApprovalMode;
  approved: ApprovedAction;
  state: ExecutionState;
  reason: string | null;
  /** Every attempt started, refused ones included. */
  attempts: number;
  /** Attempts the target's open circuit refused before any call (they do not use up the retries). */
  refusals: number;
  nextAttemptAt: Date | null;
  leaseUntil: Date | null;
  externalReference: string | null;
  details: Record<string, unknown> | null;
  error: string | null;
  duplicates: number;
  compensationAttempts: number;
  compensationReference: string | null;
  compensationError: string | null;
  compensatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  executedAt: Date | null;
  compensatedAt: Date | null;
}

/** A successful attempt, to be recorded. */
export interface Completion {
  actionId: string;
  attempt: number;
  result: ExecutionResult;
  durationMs: number;
}

export type AttemptKind = 'execute' | 'compensate';
export type AttemptOutcome = 'succeeded' | 'retriable-failure' | 'final-failure' | 'interrupted';

export interface AttemptRow {
  kind: AttemptKind;
  attempt: number;
  adapter: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: AttemptOutcome | null;
  errorCode: string | null;
  error: string | null;
  externalReference: string | null;
  durationMs: number | null;
}

export interface AttemptEnd {
  outcome: Exclude<AttemptOutcome, 'interrupted'>;
  errorCode?: string;
  error?: string;
  externalReference?: string | null;
  durationMs: number;
}

const LEASE = `now() + ($2::int * interval '1 millisecond')`;

export class ExecutionRepository {
  private readonly executions: string;
  private readonly attemptsTable: string;

  constructor(schema: string) {
    const s = assertSchemaName(schema);
    this.executions = `"${s}".executions`;
    this.attemptsTable = `"${s}".execution_attempts`;
  }

  async lock(m: EntityManager, actionId: string): Promise<ExecutionRow | undefined> {
    const [row] = await preparedQuery<Record<string, unknown>[]>(m, `SELECT * FROM ${this.executions} WHERE action_id = $1 FOR UPDATE`, [actionId]);
    return row ? toExecution(row) : undefined;
  }

  async get(db: DataSource | EntityManager, actionId: string): Promise<ExecutionRow | undefined> {
    const [row] = await db.query(`SELECT * FROM ${this.executions} WHERE action_id = $1`, [actionId]);
    return row ? toExecution(row) : undefined;
  }

  /**
   * Up to `limit` executions, newest first, older than `before` when given: keyset paging on
   * (created_at, action_id), which never change, so a row cannot move between pages as an
   * updated_at order would let it. Each comes with its creation time to the microsecond (a Date
   * would round it to the millisecond), for the next page's cursor.
   */
  async list(
    db: DataSource,
    state: string | undefined,
    before: { at: string; id: string } | undefined,
    limit: number,
  ): Promise<{ row: ExecutionRow; at: string }[]> {
    const where = ['($1::text IS NULL OR state = $1)'];
    const params: unknown[] = [state ?? null, limit];
    if (before) {
      params.push(before.at, before.id);
      where.push('(created_at, action_id) < ($3::timestamptz, $4::text)');
    }
    const rows = (await db.query(
      `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM ${this.executions} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, action_id DESC LIMIT $2`,
      params,
    )) as Record<string, unknown>[];
    return rows.map(({ cursor_at, ...row }) => ({ row: toExecution(row), at: String(cursor_at) }));
  }

  async attempts(db: DataSource, actionId: string): Promise<AttemptRow[]> {
    const rows = await db.query(
      `SELECT kind, attempt, adapter, started_at, finished_at, outcome, error_code, error, external_reference, duration_ms
       FROM ${this.attemptsTable} WHERE action_id = $1 ORDER BY id`,
      [actionId],
    );
    return (rows as Record<string, unknown>[]).map((r) => camel(r) as unknown as AttemptRow);
  }

  async insertPending(m: EntityManager, action: ApprovedAction, adapter: string, trace: TraceHeaders): Promise<void> {
    await preparedQuery(
      m,
      `INSERT INTO ${this.executions}
         (action_id, action_type, domain, adapter, idempotency_key, approval_mode, approved, state, next_attempt_at, trace_headers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '${ExecutionStates.Pending}', now(), $8)
       ON CONFLICT (action_id) DO NOTHING`,
      [action.actionId, action.actionType, action.domain, adapter, action.idempotencyKey, action.approval.mode, JSON.stringify(action), JSON.stringify(trace)],
    );
  }

  /**
   * First-seen actions that may run now, recorded already taken for their first attempt: the rows,
   * the claims and the attempts in one statement, however many actions. Returns the executions
   * recorded, by actionId; an action recorded before (by another instance, or an earlier delivery)
   * is not among them.
   */
  async insertClaimed(db: DataSource, actions: readonly { action: ApprovedAction; adapter: string; trace: TraceHeaders }[], leaseMs: number): Promise<Map<string, ExecutionRow>> {
    if (actions.length === 0) return new Map();
    const rows = (await preparedQuery(
      db,
      `WITH claimed AS (
         INSERT INTO ${this.executions}
           (action_id, action_type, domain, adapter, idempotency_key, approval_mode, approved, state, attempts, lease_until, next_attempt_at, trace_headers)
         SELECT a.action_id, a.action_type, a.domain, a.adapter, a.idempotency_key, a.approval_mode, a.approved,
           '${ExecutionStates.Executing}', 1, ${LEASE}, NULL, a.trace_headers
         FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])
           AS a(action_id, action_type, domain, adapter, idempotency_key, approval_mode, approved, trace_headers)
         ON CONFLICT (action_id) DO NOTHING RETURNING *
       ), attempts AS (
         INSERT INTO ${this.attemptsTable} (action_id, kind, attempt, adapter)
         SELECT action_id, 'execute', 1, adapter FROM claimed
       )
       SELECT * FROM claimed`,
      [
        actions.map((a) => a.action.actionId),
        leaseMs,
        actions.map((a) => a.action.actionType),
        actions.map((a) => a.action.domain),
        actions.map((a) => a.adapter),
        actions.map((a) => a.action.idempotencyKey),
        actions.map((a) => a.action.approval.mode),
        actions.map((a) => JSON.stringify(a.action)),
        actions.map((a) => JSON.stringify(a.trace)),
      ],
    )) as Record<string, unknown>[];
    return new Map(rows.map((row) => [row.action_id as string, toExecution(row)]));
  }

  /** A held action approved by a person: it executes with that approval, now. */
  async resumeAfterReview(m: EntityManager, action: ApprovedAction, trace: TraceHeaders): Promise<void> {
    // Its later attempts continue the trace of the person's approval, not the held one's.
    await preparedQuery(
      m,
      `UPDATE ${this.executions} SET approved = $2, approval_mode = $3, state = '${ExecutionStates.Pending}',
         next_attempt_at = now(), updated_at = now(), trace_headers = $4
       WHERE action_id = $1 AND state = '${ExecutionStates.ReviewRequested}'`,
      [action.actionId, JSON.stringify(action), action.approval.mode, JSON.stringify(trace)],
    );
  }

  async countDuplicate(m: EntityManager, actionId: string): Promise<void> {
    await preparedQuery(m, `UPDATE ${this.executions} SET duplicates = duplicates + 1 WHERE action_id = $1`, [actionId]);
  }

  /** Holds a not-yet-running execution for review; false when it is no longer waiting to run. */
  async holdForReview(m: EntityManager, actionId: string, reason: string): Promise<boolean> {
    return updated(
      await preparedQuery(
        m,
        `UPDATE ${this.executions} SET state = '${ExecutionStates.ReviewRequested}', reason = $2,
           next_attempt_at = NULL, lease_until = NULL, updated_at = now()
         WHERE action_id = $1 AND ${this.dueCondition()}`,
        [actionId, reason],
      ),
    );
  }

  /**
   * Takes the execution for one attempt when it is due (waiting, or abandoned by an owner whose
   * lease ran out), records the attempt, and returns the execution with its new attempt number.
   */
  async claimExecution(db: DataSource, actionId: string, leaseMs: number): Promise<ExecutionRow | undefined> {
    return db.transaction(async (m) => {
      const [row] = rowsOf(
        await preparedQuery(
          m,
          `UPDATE ${this.executions} SET state = '${ExecutionStates.Executing}', attempts = attempts + 1,
             lease_until = ${LEASE}, next_attempt_at = NULL, updated_at = now()
           WHERE action_id = $1 AND ${this.dueCondition()} RETURNING *`,
          [actionId, leaseMs],
        ),
      );
      if (!row) return undefined;
      const execution = toExecution(row);
      await this.startAttempt(m, execution.actionId, 'execute', execution.attempts, execution.adapter);
      return execution;
    });
  }

  /**
   * Records the successful attempts together: each execution that is still at that attempt becomes
   * `executed`, and its attempt ends as succeeded. Returns the actionIds recorded; a late answer of
   * an attempt another one has taken over is not among them.
   */
  async completeExecutions(m: EntityManager, completions: readonly Completion[]): Promise<Set<string>> {
    if (completions.length === 0) return new Set();
    const rows = (await preparedQuery(
      m,
      `WITH done AS (
         UPDATE ${this.executions} e SET state = '${ExecutionStates.Executed}', external_reference = c.reference,
           details = c.details, error = NULL, lease_until = NULL, executed_at = now(), updated_at = now()
         FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::int[]) AS c(action_id, attempt, reference, details, duration_ms)
         WHERE e.action_id = c.action_id AND e.state = '${ExecutionStates.Executing}' AND e.attempts = c.attempt
         RETURNING c.*
       ), attempts AS (
         UPDATE ${this.attemptsTable} t SET finished_at = now(), outcome = 'succeeded', error_code = NULL, error = NULL,
           external_reference = done.reference, duration_ms = done.duration_ms
         FROM done WHERE t.action_id = done.action_id AND t.kind = 'execute' AND t.attempt = done.attempt
       )
       SELECT action_id FROM done`,
      [
        completions.map((c) => c.actionId),
        completions.map((c) => c.attempt),
        completions.map((c) => c.result.externalReference),
        completions.map((c) => JSON.stringify(c.result.details)),
        completions.map((c) => c.durationMs),
      ],
    )) as { action_id: string }[];
    return new Set(rows.map((r) => r.action_id));
  }

  /**
   * Puts the execution back to wait for its next attempt; `refused` counts the attempt as a refusal;
   * `reference` is what the attempt left in the target (a transfer issued), kept for the next one.
   */
  async scheduleRetry(m: EntityManager, actionId: string, attempt: number, delayMs: number, error: string, refused = false, reference?: string): Promise<boolean> {
    return updated(
      await preparedQuery(
        m,
        `UPDATE ${this.executions} SET state = '${ExecutionStates.Pending}', error = $4, lease_until = NULL,
           next_attempt_at = now() + ($3::int * interval '1 millisecond'), refusals = refusals + $5::int,
           external_reference = COALESCE($6, external_reference), updated_at = now()
         WHERE action_id = $1 AND state = '${ExecutionStates.Executing}' AND attempts = $2`,
        [actionId, attempt, delayMs, error, refused ? 1 : 0, reference ?? null],
      ),
    );
  }

  /**
   * Ends the execution as failed; `halfDone` when the failure left part of the action done that the
   * adapter could not undo: then it is `compensation-failed` (its undoing failed), which an operator
   * can compensate, with the error as the compensation's too.
   */
  async failExecution(m: EntityManager, actionId: string, attempt: number, error: string, reference: string | undefined, halfDone = false): Promise<boolean> {
    const state = halfDone ? ExecutionStates.CompensationFailed : ExecutionStates.Failed;
    return updated(
      await preparedQuery(
        m,
        `UPDATE ${this.executions} SET state = $5, error = $3,
           external_reference = COALESCE($4, external_reference), lease_until = NULL, updated_at = now(),
           compensation_error = CASE WHEN $5 = '${ExecutionStates.CompensationFailed}' THEN $3 ELSE compensation_error END
         WHERE action_id = $1 AND state = '${ExecutionStates.Executing}' AND attempts = $2`,
        [actionId, attempt, error, reference ?? null, state],
      ),
    );
  }

  /** Starts a compensation attempt when the execution may be compensated; the caller holds its lock. */
  async claimCompensation(m: EntityManager, actionId: string, leaseMs: number, requestedBy: string | null): Promise<ExecutionRow> {
    const [row] = rowsOf(
      await preparedQuery(
        m,
        `UPDATE ${this.executions} SET state = '${ExecutionStates.Compensating}', compensation_attempts = compensation_attempts + 1,
           lease_until = ${LEASE}, compensated_by = COALESCE($3, compensated_by), updated_at = now()
         WHERE action_id = $1 RETURNING *`,
        [actionId, leaseMs, requestedBy],
      ),
    );
    const execution = toExecution(row);
    await this.startAttempt(m, actionId, 'compensate', execution.compensationAttempts, execution.adapter);
    return execution;
  }

  async endCompensation(
    m: EntityManager,
    actionId: string,
    attempt: number,
    state: ExecutionState,
    fields: { reference?: string; error?: string },
  ): Promise<boolean> {
    return updated(
      await preparedQuery(
        m,
        `UPDATE ${this.executions} SET state = $3, compensation_reference = COALESCE($4, compensation_reference),
           compensation_error = $5, lease_until = NULL, updated_at = now(),
           compensated_at = CASE WHEN $3 = '${ExecutionStates.Compensated}' THEN now() ELSE compensated_at END
         WHERE action_id = $1 AND state = '${ExecutionStates.Compensating}' AND compensation_attempts = $2`,
        [actionId, attempt, state, fields.reference ?? null, fields.error ?? null],
      ),
    );
  }

  async finishAttempt(m: EntityManager, actionId: string, kind: AttemptKind, attempt: number, end: AttemptEnd): Promise<void> {
    await preparedQuery(
      m,
      `UPDATE ${this.attemptsTable} SET finished_at = now(), outcome = $4, error_code = $5, error = $6,
         external_reference = $7, duration_ms = $8
       WHERE action_id = $1 AND kind = $2 AND attempt = $3`,
      [actionId, kind, attempt, end.outcome, end.errorCode ?? null, end.error ?? null, end.externalReference ?? null, end.durationMs],
    );
  }

  /** Executions whose next step is due: waiting retries, and attempts whose owner went away. */
  async due(db: DataSource, limit: number): Promise<{ actionId: string; state: ExecutionState; trace: TraceHeaders }[]> {
    const rows = await db.query(
      `SELECT action_id, state, trace_headers FROM ${this.executions}
       WHERE (state = '${ExecutionStates.Pending}' AND next_attempt_at <= now())
          OR (state IN ('${ExecutionStates.Executing}', '${ExecutionStates.Compensating}') AND lease_until < now())
       ORDER BY COALESCE(next_attempt_at, lease_until) LIMIT $1`,
      [limit],
    );
    return (rows as { action_id: string; state: ExecutionState; trace_headers: TraceHeaders | null }[]).map((r) => ({
      actionId: r.action_id,
      state: r.state,
      trace: r.trace_headers ?? {},
    }));
  }

  /** Milliseconds until the next waiting retry or lease end (0 when one is due), undefined when none is. */
  async nextDueInMs(db: DataSource): Promise<number | undefined> {
    const [row] = (await db.query(
      `SELECT (EXTRACT(EPOCH FROM min(COALESCE(next_attempt_at, lease_until)) - clock_timestamp()) * 1000)::float8 AS ms
       FROM ${this.executions}
       WHERE (state = '${ExecutionStates.Pending}' AND next_attempt_at IS NOT NULL)
          OR (state IN ('${ExecutionStates.Executing}', '${ExecutionStates.Compensating}') AND lease_until IS NOT NULL)`,
    )) as { ms: number | null }[];
    return row?.ms === null || row?.ms === undefined ? undefined : Math.max(0, Math.ceil(row.ms));
  }

  private dueCondition(): string {
    return `((state = '${ExecutionStates.Pending}' AND next_attempt_at <= now())
             OR (state = '${ExecutionStates.Executing}' AND lease_until < now()))`;
  }

  private async startAttempt(m: EntityManager, actionId: string, kind: AttemptKind, attempt: number, adapter: string): Promise<void> {
    // An earlier attempt that never finished was cut short by a crash.
    await preparedQuery(
      m,
      `UPDATE ${this.attemptsTable} SET outcome = 'interrupted', finished_at = now()
       WHERE action_id = $1 AND kind = $2 AND finished_at IS NULL`,
      [actionId, kind],
    );
    await this.insertAttempt(m, actionId, kind, attempt, adapter);
  }

  private async insertAttempt(m: EntityManager, actionId: string, kind: AttemptKind, attempt: number, adapter: string): Promise<void> {
    await preparedQuery(m, `INSERT INTO ${this.attemptsTable} (action_id, kind, attempt, adapter) VALUES ($1, $2, $3, $4)`, [
      actionId,
      kind,
      attempt,
      adapter,
    ]);
  }
}

/** TypeORM answers an UPDATE with [rows, affected count]. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as [Record<string, unknown>[], number])[0];
}

function updated(result: unknown): boolean {
  return (result as [unknown[], number])[1] > 0;
}

function camel(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) out[column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  return out;
}

function toExecution(row: Record<string, unknown>): ExecutionRow {
  return camel(row) as unknown as ExecutionRow;
}
