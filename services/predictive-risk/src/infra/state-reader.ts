// Reads of the state the models need for one record. Rows the record will change are read FOR
// UPDATE, so two instances handling related records (after a rebalance) serialise on them. Reads a
// record always makes together (a stock report's level and demand; a re-plan's suppliers, other
// locations and needs) are one statement each, their rows read as JSON: a round trip costs more
// than the rows.
import { type EntityManager } from 'typeorm';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import { type OrderLine } from '../domain/models/order-fulfilment';
import { type RunningStats, EMPTY_STATS } from '../domain/math/welford';
import { type OpenNeed } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';
import { type DemandInput, type InventoryInput, type SupplierInput } from '../domain/proposals/replenishment';
import { type CreditRow, type DemandRow, type OrderRow, type PositionRow } from './state-changes';

interface PositionRecord {
  sku: string;
  location: string;
  on_hand: number;
  allocated: number;
  in_transit: number;
  unit_cost: number;
  /** A Date from a row; an ISO string from a row read as JSON. */
  as_of: Date | string;
  evidence: Evidence;
}

interface DemandRecord {
  sku: string;
  location: string;
  open_date: string;
  open_quantity: number;
  level: number | null;
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
}

interface NeedRecord {
  need_key: string;
  action_type: string;
  action_id: string;
  quantity: number;
  /** A Date from a row; an ISO string from a row read as JSON. */
  proposed_at: Date | string;
}

const NEED_COLUMNS = 'need_key, action_type, action_id, quantity, proposed_at';
const POSITION_COLUMNS = 'sku, location, on_hand, allocated, in_transit, unit_cost, as_of, evidence';
// Dates as text: node-postgres would turn a date into a local-time Date object.
const DEMAND_COLUMNS =
  'sku, location, open_date::text AS open_date, open_quantity, level, variance, days_observed, evidence';
const ORDER_COLUMNS =
  'order_id, customer_id, location, requested_ship_date::text AS requested_ship_date, priority, amount, lines, delayed, ' +
  'hold_proposed, evidence, delay_evidence';

function toPosition(r: PositionRecord): PositionRow {
  return {
    sku: r.sku,
    location: r.location,
    levels: { onHand: r.on_hand, allocated: r.allocated, inTransit: r.in_transit },
    unitCost: r.unit_cost,
    asOf: new Date(r.as_of).toISOString(),
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
  };
}

function toNeeds(rows: readonly NeedRecord[]): Map<string, OpenNeed> {
  return new Map(
    rows.map((r) => [
      r.need_key,
      {
        key: r.need_key,
        actionType: r.action_type,
        actionId: r.action_id,
        quantity: r.quantity,
        proposedAt: new Date(r.proposed_at),
      },
    ]),
  );
}

/** The demand state as the stockout model's input; undefined until a first day has closed. */
export function demandInputOf(row: DemandRow | undefined): DemandInput | undefined {
  if (!row || row.state.level === null) return undefined;
  return {
    rate: { mean: row.state.level, variance: row.state.variance, daysObserved: row.state.daysObserved },
    evidence: row.evidence,
  };
}

export function inventoryInputOf(row: PositionRow): InventoryInput {
  return { location: row.location, levels: row.levels, unitCost: row.unitCost, evidence: row.evidence };
}

export class StateReader {
  private readonly s: string;

  constructor(schema: string) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /** The stock level of a SKU at a location, unlocked (a stock report locks it: positionAndDemand). */
  async position(manager: EntityManager, sku: string, location: string): Promise<PositionRow | undefined> {
    const rows: PositionRecord[] = await preparedQuery(
      manager,
      `SELECT ${POSITION_COLUMNS} FROM ${this.s}.inventory_positions WHERE sku = $1 AND location = $2`,
      [sku, location],
    );
    return rows[0] && toPosition(rows[0]);
  }

  async demand(
    manager: EntityManager,
    sku: string,
    location: string,
    lock = false,
  ): Promise<DemandRow | undefined> {
    const rows: DemandRecord[] = await preparedQuery(
      manager,
      `SELECT ${DEMAND_COLUMNS} FROM ${this.s}.demand_states WHERE sku = $1 AND location = $2${lock ? ' FOR UPDATE' : ''}`,
      [sku, location],
    );
    return rows[0] && toDemand(rows[0]);
  }

  /**
   * The stock level (locked) and the demand state of a SKU at a location, in one statement (a
   * stock report reads both).
   */
  async positionAndDemand(
    manager: EntityManager,
    sku: string,
    location: string,
  ): Promise<{ position: PositionRow | undefined; demand: DemandRow | undefined }> {
    const [row]: { position: PositionRecord | null; demand: DemandRecord | null }[] = await preparedQuery(
      manager,
      `SELECT
         (SELECT row_to_json(p) FROM (SELECT ${POSITION_COLUMNS} FROM ${this.s}.inventory_positions
            WHERE sku = $1 AND location = $2 FOR UPDATE) p) AS position,
         (SELECT row_to_json(d) FROM (SELECT ${DEMAND_COLUMNS} FROM ${this.s}.demand_states
            WHERE sku = $1 AND location = $2) d) AS demand`,
      [sku, location],
    );
    return {
      position: row.position ? toPosition(row.position) : undefined,
      demand: row.demand ? toDemand(row.demand) : undefined,
    };
  }

  /**
   * What re-planning a SKU at a location reads, in one statement: every supplier's latest terms for
   * the SKU with its lateness history for that SKU; the SKU's other locations that have both stock
   * and a demand level (candidate transfer sources); and the open needs of `needKeys`, locked.
   */
  async replanInputs(
    manager: EntityManager,
    sku: string,
    location: string,
    needKeys: readonly string[],
  ): Promise<{
    suppliers: SupplierInput[];
    otherLocations: { inventory: InventoryInput; demand: DemandInput }[];
    needs: Map<string, OpenNeed>;
  }> {
    const [row]: {
      suppliers: {
        supplier_id: string;
        unit_cost: number;
        min_order_quantity: number;
        quoted_lead_time_days: number;
        evidence: Evidence;
        deliveries: number | null;
        mean_days: number | null;
        m2: number | null;
      }[];
      others: (PositionRecord & {
        level: number;
        variance: number;
        days_observed: number;
        demand_evidence: Evidence;
      })[];
      needs: NeedRecord[];
    }[] = await preparedQuery(
      manager,
      `SELECT
         (SELECT coalesce(json_agg(s), '[]') FROM (
            SELECT t.supplier_id, t.unit_cost, t.min_order_quantity, t.quoted_lead_time_days, t.evidence,
                   l.deliveries, l.mean_days, l.m2
              FROM ${this.s}.supplier_terms t
              LEFT JOIN ${this.s}.supplier_lateness l ON l.supplier_id = t.supplier_id AND l.sku = t.sku
             WHERE t.sku = $1) s) AS suppliers,
         (SELECT coalesce(json_agg(o), '[]') FROM (
            SELECT p.sku, p.location, p.on_hand, p.allocated, p.in_transit, p.unit_cost, p.as_of, p.evidence,
                   d.level, d.variance, d.days_observed, d.evidence AS demand_evidence
              FROM ${this.s}.inventory_positions p
              JOIN ${this.s}.demand_states d ON d.sku = p.sku AND d.location = p.location
             WHERE p.sku = $1 AND p.location <> $2 AND d.level IS NOT NULL) o) AS others,
         (SELECT coalesce(json_agg(n), '[]') FROM (
            SELECT ${NEED_COLUMNS} FROM ${this.s}.open_needs WHERE need_key = ANY($3::text[]) FOR UPDATE) n) AS needs`,
      [sku, location, needKeys],
    );
    return {
      suppliers: row.suppliers.map((r) => ({
        supplierId: r.supplier_id,
        unitCost: r.unit_cost,
        minOrderQuantity: r.min_order_quantity,
        quotedLeadTimeDays: r.quoted_lead_time_days,
        lateness:
          r.deliveries === null
            ? EMPTY_STATS
            : { count: r.deliveries, mean: r.mean_days ?? 0, m2: r.m2 ?? 0 },
        evidence: r.evidence,
      })),
      otherLocations: row.others.map((r) => ({
        inventory: inventoryInputOf(toPosition(r)),
        demand: {
          rate: { mean: r.level, variance: r.variance, daysObserved: r.days_observed },
          evidence: r.demand_evidence,
        },
      })),
      needs: toNeeds(row.needs),
    };
  }

  async needs(manager: EntityManager, keys: readonly string[]): Promise<Map<string, OpenNeed>> {
    const rows: NeedRecord[] = await preparedQuery(
      manager,
      `SELECT ${NEED_COLUMNS} FROM ${this.s}.open_needs WHERE need_key = ANY($1::text[]) FOR UPDATE`,
      [keys],
    );
    return toNeeds(rows);
  }

  async lateness(manager: EntityManager, supplierId: string, sku: string): Promise<RunningStats> {
    const rows: { deliveries: number; mean_days: number; m2: number }[] = await preparedQuery(
      manager,
      `SELECT deliveries, mean_days, m2 FROM ${this.s}.supplier_lateness WHERE supplier_id = $1 AND sku = $2 FOR UPDATE`,
      [supplierId, sku],
    );
    return rows[0] ? { count: rows[0].deliveries, mean: rows[0].mean_days, m2: rows[0].m2 } : EMPTY_STATS;
  }

  async order(manager: EntityManager, orderId: string): Promise<OrderRow | undefined> {
    const rows: OrderRecord[] = await preparedQuery(
      manager,
      `SELECT ${ORDER_COLUMNS} FROM ${this.s}.sales_orders WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  async heldOrders(manager: EntityManager, customerId: string): Promise<OrderRow[]> {
    const rows: OrderRecord[] = await preparedQuery(
      manager,
      `SELECT ${ORDER_COLUMNS} FROM ${this.s}.sales_orders WHERE customer_id = $1 AND hold_proposed ORDER BY order_id FOR UPDATE`,
      [customerId],
    );
    return rows.map(toOrder);
  }

  /** On hand - allocated per SKU at a location, with the evidence of each stock level. */
  async availableToPromise(
    manager: EntityManager,
    location: string,
    skus: readonly string[],
  ): Promise<Map<string, { available: number; evidence: Evidence }>> {
    const rows: { sku: string; available: number; evidence: Evidence }[] = await preparedQuery(
      manager,
      `SELECT sku, on_hand - allocated AS available, evidence FROM ${this.s}.inventory_positions
        WHERE location = $1 AND sku = ANY($2::text[])`,
      [location, skus],
    );
    return new Map(rows.map((r) => [r.sku, { available: r.available, evidence: r.evidence }]));
  }

  async credit(manager: EntityManager, customerId: string, lock = false): Promise<CreditRow | undefined> {
    const rows: {
      customer_id: string;
      credit_limit: number;
      exposure: number;
      days_past_due: number;
      as_of: Date;
      evidence: Evidence;
    }[] = await preparedQuery(
      manager,
      `SELECT customer_id, credit_limit, exposure, days_past_due, as_of, evidence FROM ${this.s}.customer_credit
        WHERE customer_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [customerId],
    );
    const r = rows[0];
    return (
      r && {
        customerId: r.customer_id,
        creditLimit: r.credit_limit,
        exposure: r.exposure,
        daysPastDue: r.days_past_due,
        asOf: r.as_of.toISOString(),
        evidence: r.evidence,
      }
    );
  }
}
