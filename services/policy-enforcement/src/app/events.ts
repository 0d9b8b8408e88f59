// The events policy-enforcement publishes, as CloudEvents ready for the outbox: decisions,
// approved actions (signed) and the ends of approval tasks (docs/contract.md sections 4 and 7;
// internal.approvals.v1), and signed checkpoints of the audit chain (internal.audit-checkpoints.v1).
import { randomUUID } from 'node:crypto';
import {
  AUDIT_CHECKPOINT_SUBJECT,
  CLOUDEVENTS_SPEC_VERSION,
  DATA_CONTENT_TYPE,
  EventTypes,
  Topics,
  type ActionApprovalV1,
  type ApprovalOutcome,
  type AuditCheckpointSignedV1,
  type ContractEvent,
  type DecisionMadeV1,
  type EventDataMap,
  type EventType,
} from '@governor/contracts';
import type { OutgoingRecord } from '@governor/messaging';
import type { PendingAction, Task } from '../infra/database/approval-store';
import type { EventSigner } from './event-signer';

export const EVENT_SOURCE = 'urn:governor:policy-enforcement';

function envelope<K extends EventType>(
  type: K,
  subject: string,
  data: EventDataMap[K],
  time: Date,
): ContractEvent<K> {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: randomUUID(),
    source: EVENT_SOURCE,
    type,
    subject,
    time: time.toISOString(),
    datacontenttype: DATA_CONTENT_TYPE,
    data,
  };
}

export function decisionMade(decision: DecisionMadeV1, at: Date): OutgoingRecord {
  return {
    topic: Topics.DecisionsV1,
    event: envelope(EventTypes.DecisionMadeV1, decision.actionId, decision, at),
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
    event: await signer.sign(envelope(EventTypes.ActionApprovedV1, action.actionId, { ...action, approval }, at)),
  };
}

/** A checkpoint of the audit chain's head, signed; one subject, so compaction keeps the latest. */
export function auditCheckpointSigned(checkpoint: AuditCheckpointSignedV1, signature: string, at: Date): OutgoingRecord {
  return {
    topic: Topics.AuditCheckpointsV1,
    event: { ...envelope(EventTypes.AuditCheckpointSignedV1, AUDIT_CHECKPOINT_SUBJECT, checkpoint, at), signature },
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
    event: envelope(
      EventTypes.ApprovalResolvedV1,
      task.actionId,
      {
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
      at,
    ),
  };
}
