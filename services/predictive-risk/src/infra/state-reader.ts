// Loads the state a group of records will read (ReadKeys) into a WorkingSet: one statement per
// table for the whole group, whatever its size. Rows the group will change are read FOR UPDATE, in
// key order (so two instances handling related records after a rebalance serialise on them
// without deadlocking); rows it only reads (another location's stock, a customer's credit for an
// order) are read unlocked in the same statement.
import { type EntityManager } from 'typeorm';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import { type OrderLine } from '../domain/models/order-fulfilment';
import { NeedKeys, type OpenNeed } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';
import { type ReadKeys } from './read-keys';
import {
  type CreditRow,
  type DemandRow,
  type FulfilmentJudgement,
  type OrderRow,
  type PositionRow,
  type TermsRow,
} from './state-changes';
import { type Rows, WorkingSet } from './working-set';

interface PositionRecord {
  sku: string;
  location: string;
  on_hand: number;
  allocated: number;
  in_transit: number;
  unit_cost: number;
  as_of: Date;
  evidence: Evidence;
}

interface DemandRecord {
  sku: string;
  location: string;
  open_date: string;
  open_quantity: number;
  level: number | null;
  trend: number;
  seasonal: number[];
  variance: number;
  days_observed: number;
  evidence: Evidence;
}

interface OrderRecord {
  order_id: string;
  customer_id: string;
  location: string;
  requested_ship_date: string;
  priority: 'standard' | 'expedite';
  amount: number;
  lines: OrderLine[];
  delayed: boolean;
  hold_proposed: boolean;
  evidence: Evidence;
  delay_evidence: Evidence | null;
  judgement: FulfilmentJudgement | null;
  outcome: 'on-time' | 'late' | null;
}

interface NeedRecord {
  need_key: string;
  action_type: string;
  action_id: string;
  quantity: number;
  proposed_at: Date;
}

interface CreditRecord {
  customer_id: string;
  credit_limit: number;
  exposure: number;
  days_past_due: number;
  as_of: Date;
  evidence: Evidence;
}

interface TermsRecord {
  supplier_id: string;
  sku: string;
  unit_cost: number;
  min_order_quantity: number;
  quoted_lead_time_days: number;
  effective_at: Date;
  evidence: Evidence;
}

const NEED_COLUMNS = 'need_key, action_type, action_id, quantity, proposed_at';
const POSITION_COLUMNS = 'sku, location, on_hand, allocated, in_transit, unit_cost, as_of, evidence';
// Dates as text: node-postgres would turn a date into a local-time Date object.
const DEMAND_COLUMNS =
  'sku, location, open_date::text AS open_date, open_quantity, level, trend, seasonal, variance, days_observed, evidence';
const ORDER_COLUMNS =
  'order_id, customer_id, location, requested_ship_date::text AS requested_ship_date, priority, amount, lines, delayed, ' +
  'hold_proposed, evidence, delay_evidence, judgement, outcome';

function toPosition(r: PositionRecord): PositionRow {
  return {
    sku: r.sku,
    location: r.location,
    levels: { onHand: r.on_hand, allocated: r.allocated, inTransit: r.in_transit },
    unitCost: r.unit_cost,
    asOf: r.as_of.toISOString(),
    evidence: r.evidence,
  };
}

function toDemand(r: DemandRecord): DemandRow {
  return {
    sku: r.sku,
    location: r.location,
    state: {
      openDate: r.open_date,
      openQuantity: r.open_quantity,
      level: r.level,
      trend: r.trend,
      seasonal: r.seasonal,
      variance: r.variance,
      daysObserved: r.days_observed,
    },
    evidence: r.evidence,
  };
}

function toOrder(r: OrderRecord): OrderRow {
  return {
    orderId: r.order_id,
    customerId: r.customer_id,
    location: r.location,
    requestedShipDate: r.requested_ship_date,
    priority: r.priority,
    amount: r.amount,
    lines: r.lines,
    delayed: r.delayed,
    holdProposed: r.hold_proposed,
    evidence: r.evidence,
    delayEvidence: r.delay_evidence,
    judgement: r.judgement,
    outcome: r.outcome,
  };
}

function toCredit(r: CreditRecord): CreditRow {
  return {
    customerId: r.customer_id,
    creditLimit: r.credit_limit,
    exposure: r.exposure,
    daysPastDue: r.days_past_due,
    asOf: r.as_of.toISOString(),
    evidence: r.evidence,
  };
}

function toTerms(r: TermsRecord): TermsRow {
  return {
    supplierId: r.supplier_id,
    sku: r.sku,
    unitCost: r.unit_cost,
    minOrderQuantity: r.min_order_quantity,
    quotedLeadTimeDays: r.quoted_lead_time_days,
    effectiveAt: r.effective_at.toISOString(),
    evidence: r.evidence,
  };
}

function toNeed(r: NeedRecord): OpenNeed {
  return {
    key: r.need_key,
    actionType: r.action_type,
    actionId: r.action_id,
    quantity: r.quantity,
    proposedAt: r.proposed_at,
  };
}

/**
 * The rows `lock` selects, FOR UPDATE in `key` order, then the other rows `read` selects, unlocked.
 * Both conditions use the same parameters.
 */
function lockedThenRead(from: string, columns: string, key: string, lock: string, read: string): string {
  return `SELECT * FROM (SELECT ${columns} FROM ${from} WHERE ${lock} ORDER BY ${key} FOR UPDATE) locked
    UNION ALL
    SELECT ${columns} FROM ${from} WHERE (${read}) AND NOT (${lock})`;
}

/** Marks every key of `keys` loaded, as absent unless a row is set for it afterwards. */
function markAbsent<R>(rows: Rows<R>, keys: Iterable<readonly [string, string] | string>): void {
  for (const key of keys) {
    if (typeof key === 'string') rows.set(key, '', undefined);
    else rows.set(key[0], key[1], undefined);
  }
}

export class StateReader {
  private readonly s: string;

  constructor(schema: string) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /** Everything `keys` names, in at most one statement per table. */
  async load(manager: EntityManager, keys: ReadKeys): Promise<WorkingSet> {
    const state = new WorkingSet();
    // First: which stock and release needs the loaded orders bring depends on their rows.
    await this.loadOrders(manager, keys, state);
    await this.loadCredit(manager, keys, state);
    await this.loadDemand(manager, keys, state);
    await this.loadSuppliers(manager, keys, state);
    await this.loadPositions(manager, keys, state);
    await this.loadNeeds(manager, keys, state);
    return state;
  }

  /** The orders named, and the held orders of customers whose exposure changes (with their release needs). */
  private async loadOrders(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    const ids = [...keys.orders, ...keys.ordersWithStock];
    if (ids.length === 0 && keys.exposures.size === 0) return;
    const rows = await preparedQuery<OrderRecord[]>(
      manager,
      `SELECT ${ORDER_COLUMNS} FROM ${this.s}.sales_orders
        WHERE order_id = ANY($1::text[]) OR (customer_id = ANY($2::text[]) AND hold_proposed)
        ORDER BY order_id FOR UPDATE`,
      [ids, [...keys.exposures]],
    );
    markAbsent(state.orders, ids);
    for (const row of rows.map(toOrder)) {
      state.orders.set(row.orderId, '', row);
      if (keys.ordersWithStock.has(row.orderId)) {
        for (const line of row.lines) keys.stock.add(line.sku, row.location);
      }
      if (row.holdProposed && keys.exposures.has(row.customerId)) {
        keys.needs.add(NeedKeys.creditRelease(row.orderId));
      }
    }
    for (const customerId of keys.exposures) state.heldOrdersLoaded.add(customerId);
  }

  private async loadCredit(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    if (keys.exposures.size === 0 && keys.credit.size === 0) return;
    const rows = await preparedQuery<CreditRecord[]>(
      manager,
      lockedThenRead(
        `${this.s}.customer_credit`,
        'customer_id, credit_limit, exposure, days_past_due, as_of, evidence',
        'customer_id',
        'customer_id = ANY($1::text[])',
        'customer_id = ANY($2::text[])',
      ),
      [[...keys.exposures], [...keys.credit]],
    );
    markAbsent(state.credit, [...keys.exposures, ...keys.credit]);
    for (const r of rows) state.credit.set(r.customer_id, '', toCredit(r));
  }

  /** Demand states advanced (locked), and every location's of the SKUs re-planned. */
  private async loadDemand(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    if (keys.demandStates.size === 0 && keys.replanSkus.size === 0) return;
    const rows = await preparedQuery<DemandRecord[]>(
      manager,
      lockedThenRead(
        `${this.s}.demand_states`,
        DEMAND_COLUMNS,
        'sku, location',
        '(sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
        'sku = ANY($3::text[])',
      ),
      [keys.demandStates.firsts(), keys.demandStates.seconds(), [...keys.replanSkus]],
    );
    markAbsent(state.demand, keys.demandStates.values());
    for (const sku of keys.replanSkus) state.demand.loadedWhole(sku);
    for (const row of rows.map(toDemand)) state.demand.set(row.sku, row.location, row);
  }

  /**
   * Every supplier's terms and lateness for the SKUs re-planned (unlocked), and the lateness a
   * delivery advances (locked): two statements, one per table.
   */
  private async loadSuppliers(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    const skus = [...keys.replanSkus];
    for (const sku of skus) {
      state.terms.loadedWhole(sku);
      state.lateness.loadedWhole(sku);
    }
    if (skus.length > 0) {
      const terms = await preparedQuery<TermsRecord[]>(
        manager,
        `SELECT supplier_id, sku, unit_cost, min_order_quantity, quoted_lead_time_days, effective_at, evidence
           FROM ${this.s}.supplier_terms WHERE sku = ANY($1::text[])`,
        [skus],
      );
      for (const r of terms) state.terms.set(r.sku, r.supplier_id, toTerms(r));
    }
    if (skus.length === 0 && keys.lateness.size === 0) return;
    const lateness = await preparedQuery<
      { supplier_id: string; sku: string; deliveries: number; mean_days: number; m2: number }[]
    >(
      manager,
      lockedThenRead(
        `${this.s}.supplier_lateness`,
        'supplier_id, sku, deliveries, mean_days, m2',
        'supplier_id, sku',
        '(supplier_id, sku) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
        'sku = ANY($3::text[])',
      ),
      [keys.lateness.firsts(), keys.lateness.seconds(), skus],
    );
    for (const [supplierId, sku] of keys.lateness.values()) state.lateness.set(sku, supplierId, undefined);
    for (const r of lateness) {
      state.lateness.set(r.sku, r.supplier_id, {
        supplierId: r.supplier_id,
        sku: r.sku,
        stats: { count: r.deliveries, mean: r.mean_days, m2: r.m2 },
      });
    }
  }

  /** Stock levels replaced (locked), every location's of the SKUs re-planned, and those orders are judged against. */
  private async loadPositions(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    if (keys.stockLevels.size === 0 && keys.replanSkus.size === 0 && keys.stock.size === 0) return;
    const rows = await preparedQuery<PositionRecord[]>(
      manager,
      lockedThenRead(
        `${this.s}.inventory_positions`,
        POSITION_COLUMNS,
        'sku, location',
        '(sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
        'sku = ANY($3::text[]) OR (sku, location) IN (SELECT * FROM unnest($4::text[], $5::text[]))',
      ),
      [
        keys.stockLevels.firsts(),
        keys.stockLevels.seconds(),
        [...keys.replanSkus],
        keys.stock.firsts(),
        keys.stock.seconds(),
      ],
    );
    markAbsent(state.positions, keys.stockLevels.values());
    markAbsent(state.positions, keys.stock.values());
    for (const sku of keys.replanSkus) state.positions.loadedWhole(sku);
    for (const row of rows.map(toPosition)) state.positions.set(row.sku, row.location, row);
  }

  private async loadNeeds(manager: EntityManager, keys: ReadKeys, state: WorkingSet): Promise<void> {
    if (keys.needs.size === 0) return;
    const rows = await preparedQuery<NeedRecord[]>(
      manager,
      `SELECT ${NEED_COLUMNS} FROM ${this.s}.open_needs WHERE need_key = ANY($1::text[]) ORDER BY need_key FOR UPDATE`,
      [[...keys.needs]],
    );
    markAbsent(state.needs, keys.needs);
    for (const r of rows) state.needs.set(r.need_key, '', toNeed(r));
  }
}
