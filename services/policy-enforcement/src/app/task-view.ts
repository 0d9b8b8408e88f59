// How an approval task is shown over HTTP (the review queue and lineage).
import type { Task } from '../infra/database/approval-store';

/** A task as the review queue shows it: the action, why it needs people, its lineage and its clock. */
export function taskView(task: Task): object {
  const { lineage, ...action } = task.action;
  return {
    taskId: task.taskId,
    status: task.status,
    origin: task.origin,
    actionId: task.actionId,
    actionType: action.actionType,
    domain: task.domain,
    action,
    reasons: task.reasons,
    reviewReason: task.reviewReason,
    lineage,
    decisionId: task.decisionId,
    policyVersion: task.policyVersion,
    proposedBy: task.proposedBy,
    requiredRole: task.requiredRole,
    requiredApprovers: task.requiredApprovers,
    approvals: task.approvals.map((a) => ({
      approver: a.approver,
      comment: a.comment,
      approvedAt: a.approvedAt.toISOString(),
    })),
    requestedAt: task.requestedAt.toISOString(),
    escalatesAt: task.escalatesAt.toISOString(),
    escalated: task.escalatedAt !== null,
    expiresAt: task.expiresAt.toISOString(),
    resolvedAt: task.resolvedAt?.toISOString() ?? null,
    rejectedBy: task.rejectedBy,
    resolutionComment: task.resolutionComment,
  };
}
