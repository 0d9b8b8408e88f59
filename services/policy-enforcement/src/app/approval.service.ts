// Human approvals: tasks from execution's review requests, approving (with separation of duties
// and two-person tasks), rejecting, and the scheduled expiry and escalation. Each change, its
// audit entries and its events (ActionApprovedV1 with mode human, ApprovalResolvedV1) commit in
// one transaction; a rejected or expired task's action is never published as approved.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApprovalModes, ApprovalOutcomes, type ContractEvent } from '@governor/contracts';
import { Outbox, OutboxRelay } from '@governor/messaging';
import { conflict, forbidden, notFound, Page, SERVICE_CONFIG, type PageRequest } from '@governor/nest';
import { currentTraceHeaders } from '@governor/telemetry';
import {
  judgeApproval,
  judgeRejection,
  requiredRoleOf,
  taskTimes,
  TaskOrigins,
  TaskStatuses,
  type Actor,
  type Verdict,
} from '../domain/approval-rules';
import { AgentRegistry } from '../infra/database/agent-registry';
import { ApprovalStore, type Task, type TaskQuery } from '../infra/database/approval-store';
import { AuditKinds, AuditLog, type AuditRecord } from '../infra/database/audit-log';
import { DecisionStore } from '../infra/database/decision-store';
import type { PolicyEnforcementConfig } from '../config';
import { EventSigner } from './event-signer';
import { actionApproved, approvalResolved } from './events';
import { SYSTEM_ACTOR } from './tokens';

const SCHEDULER_BATCH = 100;

@Injectable()
export class ApprovalService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PolicyEnforcementConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ApprovalStore) private readonly tasks: ApprovalStore,
    @Inject(DecisionStore) private readonly decisions: DecisionStore,
    @Inject(AgentRegistry) private readonly agents: AgentRegistry,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(EventSigner) private readonly signer: EventSigner,
  ) {}

  /** A page of the review queue (`query.after` is the previous page's cursor, already checked). */
  async list(query: TaskQuery, page: PageRequest): Promise<Page<Task>> {
    const rows = await this.tasks.page(this.dataSource, query, page.limit);
    return Page.of(rows, page, (row) => row.cursor, (row) => row.task);
  }

  async get(taskId: string): Promise<Task> {
    const task = await this.tasks.get(this.dataSource, taskId);
    if (!task) throw notFound('task-not-found', `no approval task ${taskId}`);
    return task;
  }

  /**
   * Execution held an automatic approval because its domain left `automated`: people decide now.
   * Once they approve, the action is published again with approval mode `human`.
   */
  async openReviewTask(
    event: ContractEvent<'execution.review-requested.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const review = event.data;
    const { approval, ...action } = review.approved;
    const decision = await this.decisions.byActionId(manager, review.actionId);
    const agentId = action.lineage.agentId;
    const owner = agentId ? ((await this.agents.get(manager, agentId))?.owner ?? null) : null;
    const requestedAt = new Date();
    const taskId = randomUUID();
    const inserted = await this.tasks.insert(manager, {
      taskId,
      actionId: review.actionId,
      decisionId: approval.decisionId,
      origin: TaskOrigins.Review,
      domain: review.domain,
      requiredRole: requiredRoleOf(review.domain, review.actionType),
      requiredApprovers: Math.max(1, decision?.requiredApprovers ?? 1),
      proposedBy: agentId,
      agentOwner: owner,
      action,
      reasons: decision?.reasons ?? [],
      reviewReason: review.reason,
      policyVersion: approval.policyVersion,
      requestedAt,
      // In the review request's record span: the schedule's later work continues its trace.
      trace: currentTraceHeaders(),
      ...taskTimes(
        requestedAt,
        this.config.approvalEscalateAfterSeconds,
        this.config.approvalExpireAfterSeconds,
      ),
    });
    if (!inserted) return;
    await this.audit.append(manager, [
      {
        kind: AuditKinds.ApprovalRequested,
        actor: event.source,
        subject: review.actionId,
        payload: { taskId, origin: TaskOrigins.Review, reason: review.reason, domainMode: review.domainMode },
      },
    ]);
  }

  async approve(taskId: string, user: Actor, comment: string | null): Promise<Task> {
    await this.dataSource.transaction(async (manager) => {
      const task = await this.lockTask(manager, taskId);
      const approvers = task.approvals.map((a) => a.approver);
      const owners = await this.ownersOf(manager, task);
      const now = new Date();
      const verdict = judgeApproval({ ...task, agentOwners: owners, approvers }, user, now);
      if (!verdict.ok) throw refusal(verdict);
      await this.tasks.addApproval(manager, taskId, user.id, comment, now);
      const audit: AuditRecord[] = [
        {
          kind: AuditKinds.ApprovalApproved,
          actor: user.id,
          subject: task.actionId,
          payload: {
            taskId,
            comment,
            approvals: approvers.length + 1,
            requiredApprovers: task.requiredApprovers,
          },
        },
      ];
      if (verdict.completes) {
        const all = [...approvers, user.id];
        await this.tasks.resolve(manager, taskId, TaskStatuses.Approved, now);
        await this.outbox.enqueue(manager, [
          await actionApproved(
            task.action,
            {
              mode: ApprovalModes.Human,
              approvers: all,
              decisionId: task.decisionId,
              policyVersion: task.policyVersion,
            },
            now,
            this.signer,
          ),
          approvalResolved(task, ApprovalOutcomes.Approved, all, null, now),
        ]);
        audit.push({
          kind: AuditKinds.ApprovalCompleted,
          actor: user.id,
          subject: task.actionId,
          payload: { taskId, approvers: all },
        });
      }
      await this.audit.append(manager, audit);
    });
    this.relay.wake();
    return this.get(taskId);
  }

  async reject(taskId: string, user: Actor, comment: string | null): Promise<Task> {
    await this.dataSource.transaction(async (manager) => {
      const task = await this.lockTask(manager, taskId);
      const now = new Date();
      const verdict = judgeRejection({ ...task, agentOwners: [], approvers: [] }, now);
      if (!verdict.ok) throw refusal(verdict);
      await this.tasks.resolve(manager, taskId, TaskStatuses.Rejected, now, user.id, comment);
      await this.outbox.enqueue(manager, [
        approvalResolved(
          task,
          ApprovalOutcomes.Rejected,
          task.approvals.map((a) => a.approver),
          user.id,
          now,
        ),
      ]);
      await this.audit.append(manager, [
        {
          kind: AuditKinds.ApprovalRejected,
          actor: user.id,
          subject: task.actionId,
          payload: { taskId, comment },
        },
      ]);
    });
    this.relay.wake();
    return this.get(taskId);
  }

  /** Expires and escalates what is due; safe to run in every instance at once (SKIP LOCKED). */
  async runSchedule(now = new Date()): Promise<{ expired: number; escalated: number }> {
    const counts = await this.dataSource.transaction(async (manager) => {
      const expired = await this.tasks.lockExpired(manager, now, SCHEDULER_BATCH);
      for (const task of expired) await this.tasks.resolve(manager, task.taskId, TaskStatuses.Expired, now);
      const escalated = await this.tasks.escalateDue(manager, now, SCHEDULER_BATCH);
      // Each expiry is announced in the trace of the decision that opened its task: the schedule
      // runs from a timer, in no trace of its own.
      await this.outbox.enqueue(
        manager,
        expired.map((task) => ({
          ...approvalResolved(
            task,
            ApprovalOutcomes.Expired,
            task.approvals.map((a) => a.approver),
            null,
            now,
          ),
          headers: task.trace,
        })),
      );
      await this.audit.append(manager, [
        ...expired.map((task) => ({
          kind: AuditKinds.ApprovalExpired,
          actor: SYSTEM_ACTOR,
          subject: task.actionId,
          payload: { taskId: task.taskId, expiresAt: task.expiresAt.toISOString() },
        })),
        ...escalated.map((task) => ({
          kind: AuditKinds.ApprovalEscalated,
          actor: SYSTEM_ACTOR,
          subject: task.actionId,
          payload: { taskId: task.taskId, requiredRole: task.requiredRole },
        })),
      ]);
      return { expired: expired.length, escalated: escalated.length };
    });
    if (counts.expired > 0) this.relay.wake();
    return counts;
  }

  private async lockTask(manager: EntityManager, taskId: string): Promise<Task> {
    const task = await this.tasks.lock(manager, taskId);
    if (!task) throw notFound('task-not-found', `no approval task ${taskId}`);
    return task;
  }

  /** The proposing agent's owner when it proposed, and now: either may not approve. */
  private async ownersOf(manager: EntityManager, task: Task): Promise<string[]> {
    const owners = task.agentOwner ? [task.agentOwner] : [];
    if (task.proposedBy) {
      const current = await this.agents.get(manager, task.proposedBy);
      if (current) owners.push(current.owner);
    }
    return owners;
  }
}

function refusal(verdict: Extract<Verdict, { ok: false }>): Error {
  return verdict.status === 403
    ? forbidden(verdict.code, verdict.message)
    : conflict(verdict.code, verdict.message);
}
