// Approval tasks and the approvals given on them. A task holds the action exactly as it will be
// published once approved, so approving needs nothing but the task.
import type { DataSource, EntityManager } from 'typeorm';
import type { ActionApprovedV1, Domain } from '@governor/contracts';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { TraceHeaders } from '@governor/telemetry';
import { type TaskOrigin, TaskOrigins, type TaskStatus } from '../../domain/approval-rules';

import { taskAmount, taskRisk, TaskSorts, type TaskCursor, type TaskSort } from '../../domain/review-order';

/** An action has at most one task per origin (UNIQUE (action_id, origin)). */
const TASK_ORIGINS_AT_MOST = Object.keys(TaskOrigins).length;

/** The approved-action body without its `approval`, which is known only when people have approved. */
export type PendingAction = Omit<ActionApprovedV1, 'approval'>;

export interface NewTask {
  taskId: string;
  actionId: string;
  decisionId: string;
  origin: TaskOrigin;
  domain: Domain;
  requiredRole: string;
  requiredApprovers: number;
  proposedBy: string | null;
  agentOwner: string | null;
  action: PendingAction;
  reasons: string[];
  reviewReason: string | null;
  policyVersion: string;
  requestedAt: Date;
  escalatesAt: Date;
  expiresAt: Date;
  /** The trace context of the decision or review request that opened it (empty when none). */
  trace: TraceHeaders;
}

export interface Approval {
  approver: string;
  comment: string | null;
  approvedAt: Date;
}

export interface Task extends NewTask {
  status: TaskStatus;
  escalatedAt: Date | null;
  resolvedAt: Date | null;
  rejectedBy: string | null;
  resolutionComment: string | null;
  approvals: Approval[];
}

interface TaskRow {
  task_id: string;
  action_id: string;
  decision_id: string;
  origin: TaskOrigin;
  domain: Domain;
  required_role: string;
  required_approvers: number;
  status: TaskStatus;
  proposed_by: string | null;
  agent_owner: string | null;
  action: PendingAction;
  reasons: string[];
  review_reason: string | null;
  policy_version: string;
  requested_at: Date;
  escalates_at: Date;
  expires_at: Date;
  trace_headers: TraceHeaders | null;
  escalated_at: Date | null;
  resolved_at: Date | null;
  rejected_by: string | null;
  resolution_comment: string | null;
  approvals: { approver: string; comment: string | null; approved_at: string }[];
  /** Only on a page's rows: the order's leading key and the request time, for the cursor. */
  sort_key?: string | number | null;
  cursor_at?: string;
}

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** Which tasks a page of the review queue shows, in which order, from where. */
export interface TaskQuery {
  status?: TaskStatus;
  domain?: Domain;
  actionId?: string;
  sort: TaskSort;
  after?: TaskCursor;
}

/** A task of a page, with the cursor that starts the page after it. */
export interface TaskOnPage {
  task: Task;
  cursor: Record<string, string | number>;
}

/**
 * Each order's leading key, ascending (descending orders negated; no amount sorts last), as the
 * approval_tasks_by_* indexes hold it. Every order then ends on (requested_at, task_id).
 */
const SORT_KEYS: Record<TaskSort, string | undefined> = {
  [TaskSorts.Age]: undefined,
  [TaskSorts.Amount]: '(-coalesce(t.amount, -1))',
  [TaskSorts.Risk]: '(-t.risk)',
};
const SORT_KEY_TYPES: Record<TaskSort, string> = { age: '', amount: 'numeric', risk: 'double precision' };

export class ApprovalStore {
  private readonly tasks: string;
  private readonly approvals: string;

  constructor(schema: string) {
    const s = assertSchemaName(schema);
    this.tasks = `"${s}".approval_tasks`;
    this.approvals = `"${s}".approvals`;
  }

  /** False when the action already has a task of this origin (a replayed event). */
  async insert(manager: EntityManager, task: NewTask): Promise<boolean> {
    return (await this.insertAll(manager, [task])).size === 1;
  }

  /**
   * Inserts tasks in one statement, in order; returns the taskIds inserted (not those whose action
   * already has a task of their origin).
   */
  async insertAll(manager: EntityManager, tasks: readonly NewTask[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const column = <T>(value: (t: NewTask) => T): T[] => tasks.map(value);
    const rows: { task_id: string }[] = await preparedQuery(
      manager,
      `INSERT INTO ${this.tasks} (task_id, action_id, decision_id, origin, action_type, domain, required_role,
         required_approvers, status, proposed_by, agent_owner, action, reasons, review_reason, policy_version,
         requested_at, escalates_at, expires_at, trace_headers, amount, risk)
       SELECT task_id, action_id, decision_id, origin, action_type, domain, required_role,
         required_approvers, 'pending', proposed_by, agent_owner, action, reasons, review_reason, policy_version,
         requested_at, escalates_at, expires_at, trace_headers, amount, risk
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
         $9::text[], $10::text[], $11::jsonb[], $12::jsonb[], $13::text[], $14::text[], $15::timestamptz[],
         $16::timestamptz[], $17::timestamptz[], $18::jsonb[], $19::numeric[], $20::float8[])
         WITH ORDINALITY AS t(task_id, action_id, decision_id, origin, action_type, domain, required_role,
           required_approvers, proposed_by, agent_owner, action, reasons, review_reason, policy_version,
           requested_at, escalates_at, expires_at, trace_headers, amount, risk, n)
       ORDER BY n
       ON CONFLICT (action_id, origin) DO NOTHING RETURNING task_id`,
      [
        column((t) => t.taskId),
        column((t) => t.actionId),
        column((t) => t.decisionId),
        column((t) => t.origin),
        column((t) => t.action.actionType),
        column((t) => t.domain),
        column((t) => t.requiredRole),
        column((t) => t.requiredApprovers),
        column((t) => t.proposedBy),
        column((t) => t.agentOwner),
        column((t) => JSON.stringify(t.action)),
        column((t) => JSON.stringify(t.reasons)),
        column((t) => t.reviewReason),
        column((t) => t.policyVersion),
        column((t) => t.requestedAt),
        column((t) => t.escalatesAt),
        column((t) => t.expiresAt),
        column((t) => JSON.stringify(t.trace)),
        column((t) => taskAmount(t.action)),
        column((t) => taskRisk(t.action)),
      ],
    );
    return new Set(rows.map((r) => r.task_id));
  }

  /** The task locked for the rest of the transaction, with its approvals. */
  async lock(manager: EntityManager, taskId: string): Promise<Task | undefined> {
    const locked: unknown[] = await preparedQuery(
      manager,
      `SELECT 1 FROM ${this.tasks} WHERE task_id = $1 FOR UPDATE`,
      [taskId],
    );
    if (locked.length === 0) return undefined;
    return (await this.select(manager, 't.task_id = $1', [taskId]))[0];
  }

  async get(db: Queryable, taskId: string): Promise<Task | undefined> {
    return (await this.select(db, 't.task_id = $1', [taskId]))[0];
  }

  async forAction(db: Queryable, actionId: string): Promise<Task[]> {
    return this.select(db, 't.action_id = $1', [actionId]);
  }

  /** The tasks of these actions, oldest first, in one statement (an action has one task per origin). */
  async forActions(db: Queryable, actionIds: readonly string[]): Promise<Task[]> {
    if (actionIds.length === 0) return [];
    const rows = await this.rows(db, 't.action_id = ANY($1::text[])', [actionIds], { limit: actionIds.length * TASK_ORIGINS_AT_MOST });
    return rows.map(({ task }) => task);
  }

  /**
   * One page of the queue: keyset paging on the order's index (approval_tasks_by_*), so a deep
   * page costs what the first does; `limit + 1` rows, the last only telling that there are more.
   */
  async page(db: Queryable, query: TaskQuery, limit: number): Promise<TaskOnPage[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    if (query.status) where.push(`t.status = ${param(query.status, 'text')}`);
    if (query.domain) where.push(`t.domain = ${param(query.domain, 'text')}`);
    if (query.actionId) where.push(`t.action_id = ${param(query.actionId, 'text')}`);
    const key = SORT_KEYS[query.sort];
    const order = [...(key ? [key] : []), 't.requested_at', 't.task_id'];
    if (query.after) {
      const after = query.after;
      const from = [
        ...(key ? [param(after.key, SORT_KEY_TYPES[query.sort])] : []),
        param(after.at, 'timestamptz'),
        param(after.id, 'uuid'),
      ];
      where.push(`(${order.join(', ')}) > (${from.join(', ')})`);
    }
    const rows = await this.rows(db, where.length ? where.join(' AND ') : 'true', params, {
      orderBy: order.join(', '),
      limit: limit + 1,
      // The request time to the microsecond: a Date would round it to the millisecond and the
      // next page would repeat or skip tasks requested within the same millisecond.
      cursor: `${key ?? 'NULL'} AS sort_key, to_char(t.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`,
    });
    return rows.map(({ row, task }) => ({ task, cursor: cursorOf(query.sort, row) }));
  }

  async addApproval(
    manager: EntityManager,
    taskId: string,
    approver: string,
    comment: string | null,
    at: Date,
  ): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO ${this.approvals} (task_id, approver, comment, approved_at) VALUES ($1, $2, $3, $4)`,
      [taskId, approver, comment, at],
    );
  }

  async resolve(
    manager: EntityManager,
    taskId: string,
    status: TaskStatus,
    at: Date,
    rejectedBy: string | null = null,
    comment: string | null = null,
  ): Promise<void> {
    await preparedQuery(
      manager,
      `UPDATE ${this.tasks} SET status = $2, resolved_at = $3, rejected_by = $4, resolution_comment = $5 WHERE task_id = $1`,
      [taskId, status, at, rejectedBy, comment],
    );
  }

  /** Pending tasks past their expiry, locked; other instances skip them. */
  async lockExpired(manager: EntityManager, now: Date, limit: number): Promise<Task[]> {
    const ids: { task_id: string }[] = await preparedQuery(
      manager,
      `SELECT task_id FROM ${this.tasks} WHERE status = 'pending' AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return ids.length === 0
      ? []
      : this.select(manager, 't.task_id = ANY($1::uuid[])', [ids.map((r) => r.task_id)]);
  }

  /** Pending tasks past their escalation time and not yet escalated, locked; marks them escalated. */
  async escalateDue(
    manager: EntityManager,
    now: Date,
    limit: number,
  ): Promise<{ taskId: string; actionId: string; requiredRole: string }[]> {
    const rows: { task_id: string; action_id: string; required_role: string }[] = await preparedQuery(
      manager,
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] instead of rows.
      `WITH escalated AS (
         UPDATE ${this.tasks} SET escalated_at = $1
         WHERE task_id IN (SELECT task_id FROM ${this.tasks}
                           WHERE status = 'pending' AND escalated_at IS NULL AND escalates_at <= $1
                           ORDER BY escalates_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING task_id, action_id, required_role)
       SELECT task_id, action_id, required_role FROM escalated`,
      [now, limit],
    );
    return rows.map((r) => ({ taskId: r.task_id, actionId: r.action_id, requiredRole: r.required_role }));
  }

  private async select(db: Queryable, where: string, params: unknown[]): Promise<Task[]> {
    return (await this.rows(db, where, params)).map(({ task }) => task);
  }

  private async rows(
    db: Queryable,
    where: string,
    params: unknown[],
    shape: { orderBy?: string; limit?: number; cursor?: string } = {},
  ): Promise<{ row: TaskRow; task: Task }[]> {
    const rows: TaskRow[] = await db.query(
      `SELECT t.*, coalesce((SELECT jsonb_agg(jsonb_build_object('approver', a.approver, 'comment', a.comment,
                'approved_at', a.approved_at) ORDER BY a.approved_at, a.approver)
              FROM ${this.approvals} a WHERE a.task_id = t.task_id), '[]'::jsonb) AS approvals
              ${shape.cursor ? `, ${shape.cursor}` : ''}
       FROM ${this.tasks} t WHERE ${where}
       ORDER BY ${shape.orderBy ?? 't.requested_at, t.task_id'} LIMIT ${Number(shape.limit ?? 1_000)}`,
      params,
    );
    return rows.map((row) => ({ row, task: toTask(row) }));
  }
}

function cursorOf(sort: TaskSort, row: TaskRow): Record<string, string | number> {
  const at = row.cursor_at as string;
  const id = row.task_id;
  switch (sort) {
    case TaskSorts.Age:
      return { at, id };
    case TaskSorts.Amount:
      return { amount: String(row.sort_key), at, id };
    case TaskSorts.Risk:
      return { risk: Number(row.sort_key), at, id };
  }
}

function toTask(row: TaskRow): Task {
  return {
    taskId: row.task_id,
    actionId: row.action_id,
    decisionId: row.decision_id,
    origin: row.origin,
    domain: row.domain,
    requiredRole: row.required_role,
    requiredApprovers: row.required_approvers,
    status: row.status,
    proposedBy: row.proposed_by,
    agentOwner: row.agent_owner,
    action: row.action,
    reasons: row.reasons,
    reviewReason: row.review_reason,
    policyVersion: row.policy_version,
    requestedAt: row.requested_at,
    escalatesAt: row.escalates_at,
    expiresAt: row.expires_at,
    trace: row.trace_headers ?? {},
    escalatedAt: row.escalated_at,
    resolvedAt: row.resolved_at,
    rejectedBy: row.rejected_by,
    resolutionComment: row.resolution_comment,
    approvals: row.approvals.map((a) => ({
      approver: a.approver,
      comment: a.comment,
      approvedAt: new Date(a.approved_at),
    })),
  };
}
