// Rules of human approval tasks (docs/contract.md section 5): the role a task needs, when it escalates
// and expires, and who may approve or reject it. Separation of duties: nobody approves what they
// proposed, what an agent they own proposed, or the same task twice.
import { ActionTypes, Domains, type ActionType, type Domain } from '@governor/contracts';

export const UserRoles = {
  Governance: 'governance',
  Operator: 'operator',
  Auditor: 'auditor',
  Approver: 'approver',
  CreditController: 'credit-controller',
  Planner: 'planner',
} as const;

export const TaskStatuses = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Expired: 'expired',
} as const;
export type TaskStatus = (typeof TaskStatuses)[keyof typeof TaskStatuses];
export const TASK_STATUS_VALUES: readonly TaskStatus[] = Object.values(TaskStatuses);

/** Why a task exists: a policy decision, or execution holding an automatic approval for review. */
export const TaskOrigins = { Decision: 'decision', Review: 'review' } as const;
export type TaskOrigin = (typeof TaskOrigins)[keyof typeof TaskOrigins];

export const SEPARATION_OF_DUTIES = 'separation-of-duties';

/**
 * The role a task needs: the credit controller for credit, governance for promoting a model version
 * (the role of POST /models/{id}/versions/{v}/promote), a planner for the rest.
 */
export function requiredRoleOf(domain: Domain, actionType: ActionType): string {
  if (actionType === ActionTypes.PromoteModelVersion) return UserRoles.Governance;
  return domain === Domains.Credit ? UserRoles.CreditController : UserRoles.Planner;
}

export interface TaskTimes {
  escalatesAt: Date;
  expiresAt: Date;
}

export function taskTimes(
  requestedAt: Date,
  escalateAfterSeconds: number,
  expireAfterSeconds: number,
): TaskTimes {
  return {
    escalatesAt: new Date(requestedAt.getTime() + escalateAfterSeconds * 1000),
    expiresAt: new Date(requestedAt.getTime() + expireAfterSeconds * 1000),
  };
}

export interface TaskState {
  status: TaskStatus;
  requiredRole: string;
  requiredApprovers: number;
  expiresAt: Date;
  /** The agent that proposed the action, if one did. */
  proposedBy: string | null;
  /** Owners of that agent: when the proposal was decided, and now (they may differ). */
  agentOwners: readonly string[];
  /** Users who approved already. */
  approvers: readonly string[];
}

export interface Actor {
  id: string;
  roles: readonly string[];
}

export type Verdict =
  { ok: true; completes: boolean } | { ok: false; status: 403 | 409; code: string; message: string };

export function judgeApproval(task: TaskState, user: Actor, now: Date): Verdict {
  const closed = judgeOpen(task, now);
  if (closed) return closed;
  if (!user.roles.includes(task.requiredRole)) {
    return {
      ok: false,
      status: 403,
      code: 'forbidden',
      message: `this task needs the role ${task.requiredRole}`,
    };
  }
  if (user.id === task.proposedBy) {
    return { ok: false, status: 403, code: SEPARATION_OF_DUTIES, message: 'you proposed this action' };
  }
  if (task.agentOwners.includes(user.id)) {
    return {
      ok: false,
      status: 403,
      code: SEPARATION_OF_DUTIES,
      message: 'you own the agent that proposed this action',
    };
  }
  if (task.approvers.includes(user.id)) {
    return { ok: false, status: 403, code: SEPARATION_OF_DUTIES, message: 'you approved this task already' };
  }
  return { ok: true, completes: task.approvers.length + 1 >= task.requiredApprovers };
}

/** Any approver may reject a pending task (docs/contract.md section 5): saying no needs no second pair of eyes. */
export function judgeRejection(task: TaskState, now: Date): Verdict {
  return judgeOpen(task, now) ?? { ok: true, completes: true };
}

function judgeOpen(task: TaskState, now: Date): Verdict | undefined {
  if (task.status !== TaskStatuses.Pending) {
    return { ok: false, status: 409, code: 'task-not-pending', message: `the task is ${task.status}` };
  }
  if (now.getTime() >= task.expiresAt.getTime()) {
    return { ok: false, status: 409, code: 'task-expired', message: 'the task has expired' };
  }
  return undefined;
}
