// Pending approval tasks written straight into policy-enforcement's schema, many in one statement:
// what the paging test and the bench's `approvals` part list. Each row is what the service's own
// insert writes (ApprovalStore.insertAll), amount and risk from the same functions; request times
// are a microsecond apart in threes, so that pages must tell tasks of one millisecond apart.
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { ActionTypes, domainOfActionType, type ActionType } from '@governor/contracts';
import { requiredRoleOf } from '../src/domain/approval-rules';
import { taskAmount, taskRisk } from '../src/domain/review-order';

const TYPES: readonly ActionType[] = [
  ActionTypes.CreatePurchaseOrder,
  ActionTypes.TransferStock,
  ActionTypes.NotifyPlanner,
  ActionTypes.ExpediteSupplier,
  ActionTypes.ReleaseOrderHold,
];

export interface SeededTask {
  taskId: string;
  actionId: string;
  actionType: ActionType;
  amount: number | null;
  risk: number;
}

/** Inserts `count` pending tasks requested from `from` on; returns them in insertion order. */
export async function seedPendingTasks(pg: Client, schema: string, count: number, from = new Date()): Promise<SeededTask[]> {
  const tasks = Array.from({ length: count }, (_, i) => {
    const actionType = TYPES[i % TYPES.length];
    const actionId = `act-seed-${randomUUID()}`;
    // Amounts repeat (i % 40) so that the amount order has ties to break; types without money have none.
    const parameters: Record<string, unknown> =
      actionType === ActionTypes.NotifyPlanner || actionType === ActionTypes.ExpediteSupplier
        ? { message: `seeded ${i}` }
        : { amount: 1_000 + (i % 40) * 250 };
    const action = {
      actionId,
      actionType,
      domain: domainOfActionType(actionType),
      parameters,
      idempotencyKey: actionId,
      lineage: {
        sourceEvents: [],
        dataQuality: { score: [0.97, 0.8, 0.7, 0.97][i % 4], issues: [] },
        model: null,
        agentId: null,
      },
    };
    return { taskId: randomUUID(), actionId, actionType, action, amount: taskAmount(action), risk: taskRisk(action) };
  });
  await pg.query(
    `INSERT INTO "${schema}".approval_tasks (task_id, action_id, decision_id, origin, action_type, domain, required_role,
       required_approvers, status, proposed_by, agent_owner, action, reasons, review_reason, policy_version,
       requested_at, escalates_at, expires_at, trace_headers, amount, risk)
     SELECT task_id, action_id, gen_random_uuid()::text, 'decision', action_type, domain, required_role, 1, 'pending',
       NULL, NULL, action, '["seeded"]'::jsonb, NULL, '1',
       $6::timestamptz + ((n - 1) / 3) * interval '1 microsecond',
       $6::timestamptz + interval '1 day', $6::timestamptz + interval '2 days', '{}'::jsonb, amount, risk
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $7::text[], $8::numeric[], $9::float8[])
       WITH ORDINALITY AS t(task_id, action_id, action_type, domain, action, required_role, amount, risk, n)`,
    [
      tasks.map((t) => t.taskId),
      tasks.map((t) => t.actionId),
      tasks.map((t) => t.actionType),
      tasks.map((t) => t.action.domain),
      tasks.map((t) => JSON.stringify(t.action)),
      from,
      tasks.map((t) => requiredRoleOf(t.action.domain, t.actionType)),
      tasks.map((t) => t.amount),
      tasks.map((t) => t.risk),
    ],
  );
  return tasks.map(({ taskId, actionId, actionType, amount, risk }) => ({ taskId, actionId, actionType, amount, risk }));
}
