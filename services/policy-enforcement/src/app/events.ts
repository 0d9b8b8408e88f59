// The events policy-enforcement publishes, as CloudEvents ready for the outbox: decisions,
// approved actions and the ends of approval tasks (CONTRACT.md section 4; internal.approvals.v1).
import { randomUUID } from 'node:crypto';
import {
  CLOUDEVENTS_SPEC_VERSION,
  DATA_CONTENT_TYPE,
  EventTypes,
  Topics,
  type ActionApprovalV1,
  type ApprovalOutcome,
  type ContractEvent,
  type DecisionMadeV1,
  type EventDataMap,
  type EventType,
} from '@governor/contracts';
import type { OutgoingRecord } from '@governor/messaging';
import type { PendingAction, Task } from '../infra/database/approval-store';

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

/** The action on actions.approved.v1: idempotencyKey is the actionId, so executing it twice is harmless. */
export function actionApproved(action: PendingAction, approval: ActionApprovalV1, at: Date): OutgoingRecord {
  return {
    topic: Topics.ActionsApprovedV1,
    event: envelope(EventTypes.ActionApprovedV1, action.actionId, { ...action, approval }, at),
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
