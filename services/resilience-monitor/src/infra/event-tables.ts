// The tables the EventStore writes, as upsertRows specs: the columns of each, in the order of the
// EventStore's rows, with their Postgres types. Every fact is kept once (ON CONFLICT on what
// identifies it DO NOTHING), but for each feed's latest report, which a newer one replaces.
import type { Column, TableSpec } from '@governor/messaging';

type Row = readonly unknown[];

/** A spec whose rows are arrays, one value per column in the order given. */
function table(name: string, columns: readonly [string, string][], key: readonly string[], update?: { where: string }): TableSpec<Row> {
  return {
    table: name,
    columns: columns.map(([column, type], i): Column<Row> => ({ name: column, type, value: (row) => row[i] })),
    key,
    ...(update ? { where: update.where } : { keepExisting: true }),
  };
}

export const Tables = {
  feedHealth: table(
    'feed_health',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['feed', 'text'],
      ['domain', 'text'],
      ['reported_at', 'timestamptz'],
      ['window_seconds', 'int4'],
      ['event_count', 'int4'],
      ['invalid_count', 'int4'],
      ['mean_score', 'float8'],
      ['stale', 'bool'],
      ['new_share', 'float8'],
    ],
    ['source', 'event_id'],
  ),
  feedLatest: table(
    'feed_latest',
    [
      ['feed', 'text'],
      ['domain', 'text'],
      ['reported_at', 'timestamptz'],
      ['stale', 'bool'],
      ['seconds_since_last_event', 'float8'],
    ],
    ['feed'],
    // A report that arrives late never replaces a newer one.
    { where: 't.reported_at <= EXCLUDED.reported_at' },
  ),
  modelHealth: table(
    'model_health',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['model_id', 'text'],
      ['model_version', 'text'],
      ['domain', 'text'],
      ['psi', 'float8'],
      ['forecast_bias', 'float8'],
      ['bias_sample_size', 'int4'],
      ['reported_at', 'timestamptz'],
      ['shadows', 'jsonb'],
    ],
    ['source', 'event_id'],
  ),
  decisions: table(
    'decisions',
    [
      ['decision_id', 'text'],
      ['action_id', 'text'],
      ['action_type', 'text'],
      ['domain', 'text'],
      ['outcome', 'text'],
      ['domain_mode', 'text'],
      ['policy_version', 'text'],
      ['decided_at', 'timestamptz'],
      ['reasons', 'jsonb'],
    ],
    ['decision_id'],
  ),
  approvals: table(
    'approvals',
    [
      ['task_id', 'text'],
      ['action_id', 'text'],
      ['action_type', 'text'],
      ['domain', 'text'],
      ['outcome', 'text'],
      ['rejected_by', 'text'],
      ['requested_at', 'timestamptz'],
      ['resolved_at', 'timestamptz'],
    ],
    ['task_id'],
  ),
  outcomes: table(
    'outcomes',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['action_id', 'text'],
      ['action_type', 'text'],
      ['domain', 'text'],
      ['outcome', 'text'],
      ['occurred_at', 'timestamptz'],
      ['attempts', 'int4'],
    ],
    ['source', 'event_id'],
  ),
  modeChanges: table(
    'mode_changes',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['domain', 'text'],
      ['mode', 'text'],
      ['previous_mode', 'text'],
      ['triggered_by', 'text'],
      ['reason', 'text'],
      ['since', 'timestamptz'],
      ['changed_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
  securityViolations: table(
    'security_violations',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['service', 'text'],
      ['kind', 'text'],
      ['code', 'text'],
      ['domain', 'text'],
      ['count', 'int4'],
      ['last_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
  orders: table(
    'orders',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['order_id', 'text'],
      ['placed_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
  shipments: table(
    'shipments',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['order_id', 'text'],
      ['shipment_id', 'text'],
      ['status', 'text'],
      ['reported_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
  demandActuals: table(
    'demand_actuals',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['subject', 'text'],
      ['day', 'date'],
      ['quantity', 'float8'],
      ['recorded_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
  demandForecasts: table(
    'demand_forecasts',
    [
      ['action_id', 'text'],
      ['domain', 'text'],
      ['model_id', 'text'],
      ['model_version', 'text'],
      ['subject', 'text'],
      ['daily_demand', 'float8'],
      ['made_at', 'timestamptz'],
    ],
    ['action_id'],
  ),
  reviewRequests: table(
    'review_requests',
    [
      ['source', 'text'],
      ['event_id', 'text'],
      ['action_id', 'text'],
      ['domain', 'text'],
      ['domain_mode', 'text'],
      ['requested_at', 'timestamptz'],
    ],
    ['source', 'event_id'],
  ),
};
