// The events policy-enforcement publishes, as CloudEvents ready for the outbox: decisions,
// approved actions (signed) and the ends of approval tasks (docs/contract.md sections 4 and 7;
// internal.approvals.v1), and signed checkpoints of the audit chain (internal.audit-checkpoints.v1).
import {
  AUDIT_CHECKPOINT_SUBJECT,
  envelope,
  EventTypes,
  Topics,
  type ActionApprovalV1,
  type ApprovalOutcome,
  type AuditCheckpointSignedV1,
  type DecisionMadeV1,
} from '@governor/contracts';
import type { OutgoingRecord } from '@governor/messaging';
import type { PendingAction, Task } from '../infra/database/approval-store';
import type { EventSigner } from './event-signer';

export const EVENT_SOURCE = 'urn:governor:policy-enforcement';

export function decisionMade(decision: DecisionMadeV1, at: Date): OutgoingRecord {
  return {
    topic: Topics.DecisionsV1,
    event: envelope(EventTypes.DecisionMadeV1, { source: EVENT_SOURCE, subject: decision.actionId, data: decision, time: at }),
  };
}

/**
 * The action on actions.approved.v1, signed: execution runs nothing whose signature does not
 * verify. idempotencyKey is the actionId, so executing it twice is harmless.
 */
export async function actionApproved(
  action: PendingAction,
  approval: ActionApprovalV1,
  at: Date,
  signer: EventSigner,
): Promise<OutgoingRecord> {
  return {
    topic: Topics.ActionsApprovedV1,
    event: await signer.sign(envelope(EventTypes.ActionApprovedV1, { source: EVENT_SOURCE, subject: action.actionId, data: { ...action, approval }, time: at })),
  };
}

/** A checkpoint of the audit chain's head, signed; one subject, so compaction keeps the latest. */
export function auditCheckpointSigned(checkpoint: AuditCheckpointSignedV1, signature: string, at: Date): OutgoingRecord {
  return {
    topic: Topics.AuditCheckpointsV1,
    event: { ...envelope(EventTypes.AuditCheckpointSignedV1, { source: EVENT_SOURCE, subject: AUDIT_CHECKPOINT_SUBJECT, data: checkpoint, time: at }), signature },
  };
}

export function approvalResolved(
  task: Task,
  outcome: ApprovalOutcome,
  approvers: string[],
  rejectedBy: string | null,
  at: Date,
): OutgoingRecord {
  return {
    topic: Topics.ApprovalsV1,
    event: envelope(EventTypes.ApprovalResolvedV1, {
      source: EVENT_SOURCE,
      subject: task.actionId,
      data: {
        taskId: task.taskId,
        actionId: task.actionId,
        actionType: task.action.actionType,
        domain: task.domain,
        outcome,
        approvers,
        rejectedBy,
        requestedAt: task.requestedAt.toISOString(),
        resolvedAt: at.toISOString(),
      },
      time: at,
    }),
  };
}
