// What the simulated ERP/WMS holds, in Postgres: purchase orders, expedite requests, stock
// transfers, order priorities and credit holds. Every write that creates something honours an
// Idempotency-Key: the first call stores the record with its key, a repeat finds that record and
// answers it again (replayed), a repeat with a different request is refused.
import { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import { conflict, ErpProblem, notFound } from '../domain/erp-problem';
import {
  CreditHoldInput,
  ExpediteRequestInput,
  PriorityChangeInput,
  PurchaseOrderInput,
  requestFingerprint,
  StockTransferInput,
} from '../domain/erp-requests';

export type ErpRecord = Record<string, unknown>;

export interface Stored {
  record: ErpRecord;
  /** True when an earlier call with the same Idempotency-Key made this record. */
  replayed: boolean;
}

type Table = 'purchase_orders' | 'expedite_requests' | 'stock_transfers' | 'priority_changes' | 'credit_holds';

/** Query-string filters each collection accepts, by the column they compare. */
export const LIST_FILTERS = {
  purchase_orders: { idempotencyKey: 'idempotency_key', status: 'status', reference: 'reference', sku: 'sku' },
  expedite_requests: { idempotencyKey: 'idempotency_key', status: 'status', purchaseOrderId: 'purchase_order_id' },
  stock_transfers: { idempotencyKey: 'idempotency_key', status: 'status', reference: 'reference', sku: 'sku' },
  credit_holds: { idempotencyKey: 'idempotency_key', status: 'status', orderId: 'order_id', customerId: 'customer_id' },
  orders: { priority: 'priority' },
} as const;
export type Collection = keyof typeof LIST_FILTERS;

const LIST_LIMIT = 1_000;
const UNIQUE_VIOLATION = '23505';

export class ErpStore {
  private readonly s: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  createPurchaseOrder(input: PurchaseOrderInput, key: string | undefined): Promise<Stored> {
    return this.createOnce(this.db.manager, 'purchase_orders', 'create-purchase-order', input, key, {
      supplier_id: input.supplierId,
      sku: input.sku,
      location: input.location,
      quantity: input.quantity,
      unit_cost: input.unitCost,
      amount: input.amount,
      need_by: input.needBy,
      reference: input.reference,
    });
  }

  cancelPurchaseOrder(id: string): Promise<ErpRecord> {
    return this.transition('purchase_orders', 'purchase order', id, ['open'], 'cancelled', 'cancelled_at');
  }

  createExpediteRequest(input: ExpediteRequestInput, key: string | undefined): Promise<Stored> {
    return this.createOnce(this.db.manager, 'expedite_requests', 'create-expedite-request', input, key, {
      purchase_order_id: input.purchaseOrderId,
      supplier_id: input.supplierId,
      reason: input.reason,
      reference: input.reference,
    });
  }

  withdrawExpediteRequest(id: string): Promise<ErpRecord> {
    return this.transition('expedite_requests', 'expedite request', id, ['requested'], 'withdrawn', 'withdrawn_at');
  }

  /** The first step of a transfer: the stock leaves the source location. */
  issueStockTransfer(input: StockTransferInput, key: string | undefined): Promise<Stored> {
    return this.createOnce(this.db.manager, 'stock_transfers', 'issue-stock-transfer', input, key, {
      sku: input.sku,
      from_location: input.fromLocation,
      to_location: input.toLocation,
      quantity: input.quantity,
      reference: input.reference,
    });
  }

  /** The second step: the destination receives it. */
  receiveStockTransfer(id: string): Promise<ErpRecord> {
    return this.transition('stock_transfers', 'stock transfer', id, ['issued'], 'received', 'received_at');
  }

  /** Puts the stock back where it came from, whether or not it had been received. */
  reverseStockTransfer(id: string): Promise<ErpRecord> {
    return this.transition('stock_transfers', 'stock transfer', id, ['issued', 'received'], 'reversed', 'reversed_at');
  }

  /**
   * Sets an order's priority and keeps the one it replaces, so the change can be undone. An order
   * the ERP has not seen yet starts at `standard`, the contract's default.
   */
  setOrderPriority(orderId: string, input: PriorityChangeInput, key: string | undefined): Promise<Stored> {
    return this.db.transaction(async (m) => {
      await preparedQuery(m, `INSERT INTO ${this.s}.orders (order_id, priority) VALUES ($1, 'standard') ON CONFLICT DO NOTHING`, [orderId]);
      // The row lock serialises changes of one order, so `previous` is the priority really replaced.
      const [order] = await preparedQuery<{ priority: string }[]>(m, `SELECT priority FROM ${this.s}.orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
      const fingerprintInput = { orderId, ...input };
      const stored = await this.createOnce(m, 'priority_changes', 'set-order-priority', fingerprintInput, key, {
        order_id: orderId,
        previous_priority: order.priority,
        priority: input.priority,
        reason: input.reason,
      });
      if (stored.replayed) return stored;
      await preparedQuery(m, `UPDATE ${this.s}.orders SET priority = $2, updated_at = now() WHERE order_id = $1`, [orderId, input.priority]);
      return stored;
    });
  }

  async getOrder(orderId: string): Promise<ErpRecord> {
    const [order] = await this.db.query(`SELECT * FROM ${this.s}.orders WHERE order_id = $1`, [orderId]);
    if (!order) throw notFound(`order ${orderId}`);
    const history = await this.db.query(
      `SELECT * FROM ${this.s}.priority_changes WHERE order_id = $1 ORDER BY changed_at, id`,
      [orderId],
    );
    return { ...toJson(order), history: (history as ErpRecord[]).map(toJson) };
  }

  async placeCreditHold(input: CreditHoldInput, key: string | undefined): Promise<Stored> {
    try {
      return await this.createOnce(this.db.manager, 'credit_holds', 'place-credit-hold', input, key, {
        order_id: input.orderId,
        customer_id: input.customerId,
        amount: input.amount,
        reason: input.reason,
        reference: input.reference,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'credit_holds_one_active')) {
        throw conflict('order-already-held', `order ${input.orderId} already has an active credit hold`);
      }
      throw error;
    }
  }

  /** Lifts the active hold of an order; the key it was lifted with answers a repeat. */
  async releaseCreditHold(orderId: string, key: string | undefined): Promise<Stored> {
    const byKey = () => this.db.query(`SELECT * FROM ${this.s}.credit_holds WHERE release_key = $1`, [key]);
    if (key) {
      const [earlier] = await byKey();
      if (earlier) return { record: toJson(earlier), replayed: true };
    }
    try {
      const [released] = updatedRows(
        await this.db.query(
          `UPDATE ${this.s}.credit_holds SET status = 'released', released_at = now(), release_key = $2
           WHERE order_id = $1 AND status = 'active' RETURNING *`,
          [orderId, key ?? null],
        ),
      );
      if (released) return { record: toJson(released), replayed: false };
    } catch (error) {
      // The same key raced us: the other call released it.
      if (!isUniqueViolation(error, 'credit_holds_release_key_key')) throw error;
      const [earlier] = await byKey();
      return { record: toJson(earlier), replayed: true };
    }
    throw notFound(`an active credit hold on order ${orderId}`);
  }

  async get(table: Exclude<Table, 'priority_changes'>, what: string, id: string): Promise<ErpRecord> {
    const [row] = await this.db.query(`SELECT * FROM ${this.s}.${table} WHERE id = $1`, [id]);
    if (!row) throw notFound(`${what} ${id}`);
    return toJson(row);
  }

  async list(collection: Collection, query: URLSearchParams): Promise<ErpRecord[]> {
    const filters: Record<string, string> = LIST_FILTERS[collection];
    const clauses: string[] = [];
    const values: string[] = [];
    for (const [param, column] of Object.entries(filters)) {
      const value = query.get(param);
      if (value === null) continue;
      values.push(value);
      clauses.push(`${column} = $${values.length}`);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const order = collection === 'orders' ? 'order_id' : 'id';
    const rows = await this.db.query(`SELECT * FROM ${this.s}.${collection} ${where} ORDER BY ${order} LIMIT ${LIST_LIMIT}`, values);
    return (rows as ErpRecord[]).map(toJson);
  }

  private async createOnce(
    m: EntityManager,
    table: Table,
    operation: string,
    input: object,
    key: string | undefined,
    columns: Record<string, unknown>,
  ): Promise<Stored> {
    // Look first, so a repeat does not even draw a document number.
    const earlier = await this.findByKey(m, table, operation, input, key);
    if (earlier) return earlier;
    const names = ['idempotency_key', 'request_hash', ...Object.keys(columns)];
    const values = [key ?? null, requestFingerprint(operation, input), ...Object.values(columns)];
    const [row] = await preparedQuery<Record<string, unknown>[]>(
      m,
      `INSERT INTO ${this.s}.${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
      values,
    );
    if (row) return { record: toJson(row), replayed: false };
    // ON CONFLICT only fires for a non-null key that a concurrent call has just stored.
    const replay = await this.findByKey(m, table, operation, input, key);
    if (!replay) throw new Error(`${table}: idempotency conflict without a stored record`);
    return replay;
  }

  private async findByKey(m: EntityManager, table: Table, operation: string, input: object, key: string | undefined): Promise<Stored | undefined> {
    if (!key) return undefined;
    const [row] = await preparedQuery<(Record<string, unknown> & { request_hash: string })[]>(m, `SELECT * FROM ${this.s}.${table} WHERE idempotency_key = $1`, [key]);
    if (!row) return undefined;
    if (row.request_hash !== requestFingerprint(operation, input)) {
      throw new ErpProblem(422, 'idempotency-key-reused', `Idempotency-Key ${key} was used for a different request`);
    }
    return { record: toJson(row), replayed: true };
  }

  /** Moves a record to `to`; a record already there is answered as it is (a repeat is harmless). */
  private async transition(table: Table, what: string, id: string, from: string[], to: string, stamp: string): Promise<ErpRecord> {
    const [row] = updatedRows(
      await this.db.query(
        `UPDATE ${this.s}.${table} SET status = $2, ${stamp} = now() WHERE id = $1 AND status = ANY($3) RETURNING *`,
        [id, to, from],
      ),
    );
    if (row) return toJson(row);
    const [current] = await this.db.query(`SELECT * FROM ${this.s}.${table} WHERE id = $1`, [id]);
    if (!current) throw notFound(`${what} ${id}`);
    const status = (current as { status: string }).status;
    if (status === to) return toJson(current);
    throw conflict(`${what.replace(/ /g, '-')}-${status}`, `${what} ${id} is ${status}; it cannot become ${to}`);
  }
}

/** Rows as the API shows them: camelCase, without the internal request fingerprint. */
function toJson(row: ErpRecord): ErpRecord {
  const out: ErpRecord = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === 'request_hash') continue;
    out[column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

/** TypeORM answers an UPDATE ... RETURNING with [rows, affected count]. */
function updatedRows(result: unknown): ErpRecord[] {
  return (result as [ErpRecord[], number])[0];
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return driver?.code === UNIQUE_VIOLATION && driver.constraint === constraint;
}
