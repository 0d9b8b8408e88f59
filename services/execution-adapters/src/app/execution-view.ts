// How GET /executions/{actionId} shows an execution: its state and outcome, what compensation
// would do (the action type's inverse) and every attempt to execute or compensate it.
import { AttemptRow, ExecutionRow } from '../infra/execution.repository';

export interface ExecutionView {
  execution: {
    actionId: string;
    actionType: string;
    domain: string;
    adapter: string;
    idempotencyKey: string;
    approvalMode: string;
    approvers: string[];
    state: string;
    reason: string | null;
    attempts: number;
    nextAttemptAt: Date | null;
    externalReference: string | null;
    details: Record<string, unknown> | null;
    error: string | null;
    duplicatesReceived: number;
    createdAt: Date;
    updatedAt: Date;
    executedAt: Date | null;
    compensation: {
      inverse: string | null;
      attempts: number;
      reference: string | null;
      error: string | null;
      requestedBy: string | null;
      compensatedAt: Date | null;
    };
  };
  attempts: AttemptRow[];
}

export function executionView(row: ExecutionRow, attempts: AttemptRow[], inverse: string | null): ExecutionView {
  return {
    execution: {
      actionId: row.actionId,
      actionType: row.actionType,
      domain: row.domain,
      adapter: row.adapter,
      idempotencyKey: row.idempotencyKey,
      approvalMode: row.approvalMode,
      approvers: row.approved.approval.approvers,
      state: row.state,
      reason: row.reason,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      externalReference: row.externalReference,
      details: row.details,
      error: row.error,
      duplicatesReceived: row.duplicates,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      executedAt: row.executedAt,
      compensation: {
        inverse,
        attempts: row.compensationAttempts,
        reference: row.compensationReference,
        error: row.compensationError,
        requestedBy: row.compensatedBy,
        compensatedAt: row.compensatedAt,
      },
    },
    attempts,
  };
}
