// The scorecard's facts, pruned past SCORECARD_RETENTION_DAYS by the service's StoreRetention
// (README "Retention"): the scorecard cannot look further back. Mode changes are kept: time in mode
// needs the last change before any window, however old.
import type { RetainedStore } from '@governor/messaging';
import type { MonitorConfig } from '../config';

const DAY_MS = 86_400_000;

/** Each fact table and the column that dates its rows. */
const FACTS = [
  ['feed_health', 'reported_at'],
  ['model_health', 'reported_at'],
  ['decisions', 'decided_at'],
  ['approvals', 'resolved_at'],
  ['outcomes', 'occurred_at'],
  ['security_violations', 'last_at'],
  ['orders', 'placed_at'],
  ['shipments', 'reported_at'],
  ['demand_actuals', 'recorded_at'],
  ['demand_forecasts', 'made_at'],
  ['review_requests', 'requested_at'],
] as const;

export function retainedStores({ schema, retentionDays }: MonitorConfig): RetainedStore[] {
  return FACTS.map(([table, timeColumn]) => ({
    name: `scorecard.${table}`,
    table: `"${schema}".${table}`,
    timeColumn,
    keepMs: retentionDays * DAY_MS,
  }));
}
