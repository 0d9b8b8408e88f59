// The orders of the review queue (`GET /approvals?sort=`, docs/contract.md section 7): oldest first
// (the default), largest amount first, riskiest first, each ending on the task's age and id so
// that every order is total and a page's cursor names exactly where the next page starts.
import type { ActionType } from '@governor/contracts';
import { riskTierOf, RiskTiers, type RiskTier } from './risk-tiers';

export const TaskSorts = { Age: 'age', Amount: 'amount', Risk: 'risk' } as const;
export type TaskSort = (typeof TaskSorts)[keyof typeof TaskSorts];
export const TASK_SORT_VALUES: readonly TaskSort[] = Object.values(TaskSorts);

export function isTaskSort(value: unknown): value is TaskSort {
  return typeof value === 'string' && (TASK_SORT_VALUES as readonly string[]).includes(value);
}

/** What of a task its order is computed from: the action as it will be published. */
export interface SortedAction {
  actionType: ActionType;
  parameters: Record<string, unknown>;
  lineage: { dataQuality: { score: number } };
}

/** The money an action moves (purchase orders, transfers, order holds); null for the others. */
export function taskAmount(action: SortedAction): number | null {
  const amount = action.parameters.amount;
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : null;
}

const TIER_RANK: Record<RiskTier, number> = { [RiskTiers.Low]: 0, [RiskTiers.Medium]: 1, [RiskTiers.High]: 2 };

/**
 * How risky approving a task is, from 0 to 5: twice the rank of the action's risk tier (low 0,
 * medium 1, high 2, as every Cedar request carries it) plus how doubtful the data behind it was
 * (1 - its data-quality score). So every high-tier action comes before every medium one, and
 * within a tier the action built on the worst data comes first.
 */
export function taskRisk(action: SortedAction): number {
  const doubt = 1 - Math.min(1, Math.max(0, action.lineage.dataQuality.score));
  return 2 * TIER_RANK[riskTierOf(action.actionType, action.parameters)] + doubt;
}

/**
 * Where a page of the queue starts: after the task whose sort key (absent for `age`), request time
 * and id these are. `key` is a decimal string for `amount` (the key is -amount, -1 for none, so
 * that every order is ascending in SQL) and a number for `risk` (-risk).
 */
export interface TaskCursor {
  key?: string | number;
  at: string;
  id: string;
}

/** The fields of each order's cursor. */
export const TASK_CURSOR_FIELDS: Record<TaskSort, readonly string[]> = {
  [TaskSorts.Age]: ['at', 'id'],
  [TaskSorts.Amount]: ['amount', 'at', 'id'],
  [TaskSorts.Risk]: ['risk', 'at', 'id'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;

/**
 * A cursor's fields (already checked to be this order's) as the query needs them, or undefined
 * when a value is not what a page of this order would have put there.
 */
export function taskCursorOf(sort: TaskSort, fields: Record<string, string | number | null>): TaskCursor | undefined {
  const { at, id } = fields;
  if (typeof at !== 'string' || !TIMESTAMP.test(at) || Number.isNaN(Date.parse(at))) return undefined;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  switch (sort) {
    case TaskSorts.Age:
      return { at, id };
    case TaskSorts.Amount:
      return typeof fields.amount === 'string' && DECIMAL.test(fields.amount) ? { key: fields.amount, at, id } : undefined;
    case TaskSorts.Risk:
      return typeof fields.risk === 'number' && Number.isFinite(fields.risk) ? { key: fields.risk, at, id } : undefined;
  }
}
