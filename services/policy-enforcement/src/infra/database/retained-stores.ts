// The stores policy-enforcement prunes past their limits (README "Retention"): decisions by when
// they were decided, approval tasks (with their approvals) by when they were resolved, never a
// pending one. The audit log is not among them: it keeps everything.
import type { RetainedStore } from '@governor/messaging';
import type { PolicyEnforcementConfig } from '../../config';

const DAY_MS = 86_400_000;

export function retainedStores({ schema, retention }: PolicyEnforcementConfig): RetainedStore[] {
  return [
    { name: 'decisions', table: `"${schema}".decisions`, timeColumn: 'decided_at', keepMs: retention.decisionsKeepDays * DAY_MS },
    {
      name: 'approvals',
      table: `"${schema}".approval_tasks`,
      timeColumn: 'resolved_at',
      keepMs: retention.approvalsKeepDays * DAY_MS,
      onlyWhere: "status <> 'pending'",
      children: [{ table: `"${schema}".approvals`, column: 'task_id', parentColumn: 'task_id' }],
    },
  ];
}
