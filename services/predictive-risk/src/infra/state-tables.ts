// How each kind of row StateChanges collects is stored: its table, key and columns (with the
// Postgres type of each, for the one multi-row upsert per table StateWriter makes).
import { type OpenNeed } from '../domain/proposals/open-needs';
import { type Column, json, type TableSpec } from '@governor/messaging';
import {
  type CreditRow,
  type DemandRow,
  type ForecastRow,
  type LatenessRow,
  type OrderRow,
  type PositionRow,
  type TermsRow,
} from './state-changes';

function updatedAt<R>(): Column<R> {
  return { name: 'updated_at', type: 'timestamptz', value: (_, now) => now };
}

export const POSITIONS: TableSpec<PositionRow> = {
  table: 'inventory_positions',
  key: ['sku', 'location'],
  columns: [
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'location', type: 'text', value: (r) => r.location },
    { name: 'on_hand', type: 'float8', value: (r) => r.levels.onHand },
    { name: 'allocated', type: 'float8', value: (r) => r.levels.allocated },
    { name: 'in_transit', type: 'float8', value: (r) => r.levels.inTransit },
    { name: 'unit_cost', type: 'float8', value: (r) => r.unitCost },
    { name: 'as_of', type: 'timestamptz', value: (r) => r.asOf },
    { name: 'evidence', type: 'jsonb', value: (r) => json(r.evidence) },
    updatedAt(),
  ],
};

export const DEMAND: TableSpec<DemandRow> = {
  table: 'demand_states',
  key: ['sku', 'location'],
  columns: [
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'location', type: 'text', value: (r) => r.location },
    { name: 'open_date', type: 'date', value: (r) => r.state.openDate },
    { name: 'open_quantity', type: 'float8', value: (r) => r.state.openQuantity },
    { name: 'level', type: 'float8', value: (r) => r.state.level },
    { name: 'trend', type: 'float8', value: (r) => r.state.trend },
    { name: 'seasonal', type: 'jsonb', value: (r) => json(r.state.seasonal) },
    { name: 'variance', type: 'float8', value: (r) => r.state.variance },
    { name: 'days_observed', type: 'int4', value: (r) => r.state.daysObserved },
    { name: 'evidence', type: 'jsonb', value: (r) => json(r.evidence) },
    updatedAt(),
  ],
};

export const FORECASTS: TableSpec<ForecastRow> = {
  table: 'demand_forecasts',
  key: ['sku', 'location', 'target_date'],
  columns: [
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'location', type: 'text', value: (r) => r.location },
    { name: 'target_date', type: 'date', value: (r) => r.targetDate },
    { name: 'model_version', type: 'text', value: (r) => r.modelVersion },
    { name: 'forecast', type: 'float8', value: (r) => r.forecast },
    { name: 'actual', type: 'float8', value: (r) => r.actual },
    { name: 'resolved_at', type: 'timestamptz', value: (r, now) => (r.actual === null ? null : now) },
  ],
};

export const TERMS: TableSpec<TermsRow> = {
  table: 'supplier_terms',
  key: ['supplier_id', 'sku'],
  columns: [
    { name: 'supplier_id', type: 'text', value: (r) => r.supplierId },
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'unit_cost', type: 'float8', value: (r) => r.unitCost },
    { name: 'min_order_quantity', type: 'float8', value: (r) => r.minOrderQuantity },
    { name: 'quoted_lead_time_days', type: 'int4', value: (r) => r.quotedLeadTimeDays },
    { name: 'effective_at', type: 'timestamptz', value: (r) => r.effectiveAt },
    { name: 'evidence', type: 'jsonb', value: (r) => json(r.evidence) },
  ],
  // Terms that arrive out of order never overwrite newer ones.
  where: 't.effective_at <= EXCLUDED.effective_at',
};

export const LATENESS: TableSpec<LatenessRow> = {
  table: 'supplier_lateness',
  key: ['supplier_id', 'sku'],
  columns: [
    { name: 'supplier_id', type: 'text', value: (r) => r.supplierId },
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'deliveries', type: 'int4', value: (r) => r.stats.count },
    { name: 'mean_days', type: 'float8', value: (r) => r.stats.mean },
    { name: 'm2', type: 'float8', value: (r) => r.stats.m2 },
    updatedAt(),
  ],
};

export const ORDERS: TableSpec<OrderRow> = {
  table: 'sales_orders',
  key: ['order_id'],
  columns: [
    { name: 'order_id', type: 'text', value: (r) => r.orderId },
    { name: 'customer_id', type: 'text', value: (r) => r.customerId },
    { name: 'location', type: 'text', value: (r) => r.location },
    { name: 'requested_ship_date', type: 'date', value: (r) => r.requestedShipDate },
    { name: 'priority', type: 'text', value: (r) => r.priority },
    { name: 'amount', type: 'float8', value: (r) => r.amount },
    { name: 'lines', type: 'jsonb', value: (r) => json(r.lines) },
    { name: 'delayed', type: 'bool', value: (r) => r.delayed },
    { name: 'hold_proposed', type: 'bool', value: (r) => r.holdProposed },
    { name: 'evidence', type: 'jsonb', value: (r) => json(r.evidence) },
    {
      name: 'delay_evidence',
      type: 'jsonb',
      value: (r) => (r.delayEvidence === null ? null : json(r.delayEvidence)),
    },
    { name: 'judgement', type: 'jsonb', value: (r) => (r.judgement === null ? null : json(r.judgement)) },
    { name: 'outcome', type: 'text', value: (r) => r.outcome },
    updatedAt(),
  ],
};

export const CREDIT: TableSpec<CreditRow> = {
  table: 'customer_credit',
  key: ['customer_id'],
  columns: [
    { name: 'customer_id', type: 'text', value: (r) => r.customerId },
    { name: 'credit_limit', type: 'float8', value: (r) => r.creditLimit },
    { name: 'exposure', type: 'float8', value: (r) => r.exposure },
    { name: 'days_past_due', type: 'int4', value: (r) => r.daysPastDue },
    { name: 'as_of', type: 'timestamptz', value: (r) => r.asOf },
    { name: 'evidence', type: 'jsonb', value: (r) => json(r.evidence) },
  ],
};

export const NEEDS: TableSpec<OpenNeed> = {
  table: 'open_needs',
  key: ['need_key'],
  columns: [
    { name: 'need_key', type: 'text', value: (n) => n.key },
    { name: 'action_type', type: 'text', value: (n) => n.actionType },
    { name: 'action_id', type: 'text', value: (n) => n.actionId },
    { name: 'quantity', type: 'float8', value: (n) => n.quantity },
    { name: 'proposed_at', type: 'timestamptz', value: (n) => n.proposedAt.toISOString() },
  ],
};
