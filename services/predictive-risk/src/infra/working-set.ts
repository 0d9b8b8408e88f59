// The state a group of records reads and changes, in memory: loaded up front by StateReader (one
// statement per table for the whole group), then read and changed by the records in order, so a
// record sees what the records before it in the group changed, as if each had been written at
// once. What they change is collected in one StateChanges that StateWriter writes at the end.
// Asking for a row that was not loaded is a bug in what a record declared it reads (ReadKeys): it
// fails loudly rather than quietly cost a statement per record.
import { EMPTY_STATS, type RunningStats } from '../domain/math/welford';
import { type OpenNeed } from '../domain/proposals/open-needs';
import { type Evidence } from '../domain/proposals/proposal';
import { type DemandInput, type InventoryInput, type SupplierInput } from '../domain/proposals/replenishment';
import {
  type CreditRow,
  type DemandRow,
  type ForecastRow,
  type LatenessRow,
  type OrderRow,
  type PositionRow,
  type CreditJudgementRow,
  type ProposalEvent,
  StateChanges,
  type TermsRow,
} from './state-changes';

/**
 * One table's rows by a two-part key (e.g. SKU, location), each either loaded (found or known to
 * be absent) or not; a first part loaded whole (every location of a SKU) has no unknown rows.
 */
export class Rows<R> {
  private readonly rows = new Map<string, Map<string, R | undefined>>();
  private readonly whole = new Set<string>();

  constructor(private readonly table: string) {}

  /** The row, or undefined when it does not exist; throws when it was not loaded. */
  get(first: string, second = ''): R | undefined {
    const rows = this.rows.get(first);
    if (rows?.has(second) || this.whole.has(first)) return rows?.get(second);
    throw new Error(`${this.table} row ${first}|${second} was not loaded for this group`);
  }

  /** The row if it is known, without requiring it to be loaded. */
  peek(first: string, second = ''): R | undefined {
    return this.rows.get(first)?.get(second);
  }

  /** Every row under `first`, by second key; throws unless `first` was loaded whole. */
  all(first: string): R[] {
    if (!this.whole.has(first))
      throw new Error(`${this.table} rows of ${first} were not loaded for this group`);
    const rows = [...(this.rows.get(first) ?? new Map<string, R | undefined>())];
    return rows
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, row]) => (row === undefined ? [] : [row]));
  }

  /** Every row known, in no particular order. */
  *known(): IterableIterator<R> {
    for (const rows of this.rows.values()) for (const row of rows.values()) if (row !== undefined) yield row;
  }

  set(first: string, second: string, row: R | undefined): void {
    let rows = this.rows.get(first);
    if (!rows) this.rows.set(first, (rows = new Map()));
    rows.set(second, row);
  }

  /** Marks `first` as loaded whole: a row missing under it does not exist. */
  loadedWhole(first: string): void {
    this.whole.add(first);
  }
}

export class WorkingSet {
  readonly changes = new StateChanges();
  readonly positions = new Rows<PositionRow>('inventory_positions');
  readonly demand = new Rows<DemandRow>('demand_states');
  /** By SKU, then supplier. */
  readonly terms = new Rows<TermsRow>('supplier_terms');
  /** By SKU, then supplier. */
  readonly lateness = new Rows<LatenessRow>('supplier_lateness');
  readonly orders = new Rows<OrderRow>('sales_orders');
  readonly credit = new Rows<CreditRow>('customer_credit');
  readonly needs = new Rows<OpenNeed>('open_needs');
  /** Customers whose held orders are all loaded. */
  readonly heldOrdersLoaded = new Set<string>();

  position(sku: string, location: string): PositionRow | undefined {
    return this.positions.get(sku, location);
  }

  demandState(sku: string, location: string): DemandRow | undefined {
    return this.demand.get(sku, location);
  }

  /** Every supplier's terms for the SKU with its lateness history for the SKU. */
  suppliers(sku: string): SupplierInput[] {
    return this.terms.all(sku).map((t) => ({
      supplierId: t.supplierId,
      unitCost: t.unitCost,
      minOrderQuantity: t.minOrderQuantity,
      quotedLeadTimeDays: t.quotedLeadTimeDays,
      lateness: this.lateness.get(sku, t.supplierId)?.stats ?? EMPTY_STATS,
      evidence: t.evidence,
    }));
  }

  /** The SKU's other locations that have both stock and a demand level (candidate transfer sources). */
  otherLocations(sku: string, location: string): { inventory: InventoryInput; demand: DemandInput }[] {
    return this.positions.all(sku).flatMap((position) => {
      if (position.location === location) return [];
      const demand = demandInputOf(this.demand.get(sku, position.location));
      return demand ? [{ inventory: inventoryInputOf(position), demand }] : [];
    });
  }

  supplierLateness(supplierId: string, sku: string): RunningStats {
    return this.lateness.get(sku, supplierId)?.stats ?? EMPTY_STATS;
  }

  order(orderId: string): OrderRow | undefined {
    return this.orders.get(orderId);
  }

  /** The customer's orders a credit hold was proposed for, by order id. */
  heldOrders(customerId: string): OrderRow[] {
    if (!this.heldOrdersLoaded.has(customerId))
      throw new Error(`held orders of ${customerId} were not loaded for this group`);
    return [...this.orders.known()]
      .filter((o) => o.customerId === customerId && o.holdProposed)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  }

  /** On hand - allocated per SKU at a location (the SKUs that have a stock level there), with its evidence. */
  availableToPromise(
    location: string,
    skus: readonly string[],
  ): Map<string, { available: number; evidence: Evidence }> {
    const stock = new Map<string, { available: number; evidence: Evidence }>();
    for (const sku of skus) {
      const p = this.positions.get(sku, location);
      if (p) stock.set(sku, { available: p.levels.onHand - p.levels.allocated, evidence: p.evidence });
    }
    return stock;
  }

  customerCredit(customerId: string): CreditRow | undefined {
    return this.credit.get(customerId);
  }

  need(key: string): OpenNeed | undefined {
    return this.needs.get(key);
  }

  putPosition(row: PositionRow): void {
    this.positions.set(row.sku, row.location, row);
    this.changes.putPosition(row);
  }

  putDemand(row: DemandRow): void {
    this.demand.set(row.sku, row.location, row);
    this.changes.putDemand(row);
  }

  putForecast(row: ForecastRow): void {
    this.changes.putForecast(row);
  }

  /** Terms that arrive out of order never replace newer ones (the write says so too, for rows not loaded). */
  putTerms(row: TermsRow): void {
    const current = this.terms.peek(row.sku, row.supplierId);
    if (current && Date.parse(current.effectiveAt) > Date.parse(row.effectiveAt)) return;
    this.terms.set(row.sku, row.supplierId, row);
    this.changes.putTerms(row);
  }

  putLateness(row: LatenessRow): void {
    this.lateness.set(row.sku, row.supplierId, row);
    this.changes.putLateness(row);
  }

  putOrder(row: OrderRow): void {
    this.orders.set(row.orderId, '', row);
    this.changes.putOrder(row);
  }

  putCredit(row: CreditRow): void {
    this.credit.set(row.customerId, '', row);
    this.changes.putCredit(row);
  }

  openNeed(need: OpenNeed): void {
    this.needs.set(need.key, '', need);
    this.changes.openNeed(need);
  }

  closeNeed(key: string): void {
    this.needs.set(key, '', undefined);
    this.changes.closeNeed(key);
  }

  observe(modelId: string, modelVersion: string, input: string, value: number): void {
    this.changes.observe(modelId, modelVersion, input, value);
  }

  /** Appended, never read back by a record: the calibration reads it (credit-history.repository.ts). */
  judgeCredit(row: CreditJudgementRow): void {
    this.changes.judgeCredit(row);
  }

  propose(event: ProposalEvent): void {
    this.changes.propose(event);
  }
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
