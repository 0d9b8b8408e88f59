// The store execution-adapters prunes past its limit (README "Retention"): finished executions
// (executed, failed, compensated), with their attempts, by their last change. An unfinished one is
// never pruned.
import type { RetainedStore } from '@governor/messaging';
import type { ExecutionConfig } from '../config';
import { ExecutionStates } from '../domain/execution-states';

const DAY_MS = 86_400_000;
const FINISHED = [ExecutionStates.Executed, ExecutionStates.Failed, ExecutionStates.Compensated];

export function retainedStores({ schema, executionsKeepDays }: ExecutionConfig): RetainedStore[] {
  return [
    {
      name: 'executions',
      table: `"${schema}".executions`,
      timeColumn: 'updated_at',
      keepMs: executionsKeepDays * DAY_MS,
      onlyWhere: `state IN (${FINISHED.map((state) => `'${state}'`).join(', ')})`,
      children: [{ table: `"${schema}".execution_attempts`, column: 'action_id', parentColumn: 'action_id' }],
    },
  ];
}
