// The request bodies the simulated ERP/WMS accepts, read into typed inputs (or refused with a 400
// naming the field), and the fingerprint of a request that an idempotency key is bound to: the same
// key with a different request is refused rather than silently answered with the first result.
import { createHash } from 'node:crypto';
import { ORDER_PRIORITY_VALUES, type OrderPriority } from '@governor/contracts';
import { invalidRequest } from './erp-problem';

export interface PurchaseOrderInput {
  supplierId: string;
  sku: string;
  location: string;
  quantity: number;
  unitCost: number;
  amount: number;
  needBy: string;
  reference: string | null;
}

export interface ExpediteRequestInput {
  purchaseOrderId: string;
  supplierId: string;
  reason: string;
  reference: string | null;
}

export interface StockTransferInput {
  sku: string;
  fromLocation: string;
  toLocation: string;
  quantity: number;
  reference: string | null;
}

export interface PriorityChangeInput {
  priority: OrderPriority;
  reason: string | null;
}

export interface CreditHoldInput {
  orderId: string;
  customerId: string;
  amount: number;
  reason: string;
  reference: string | null;
}

/** Reads typed fields from an untrusted JSON body, collecting the first problem as a 400. */
class Fields {
  private readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidRequest('the body must be a JSON object');
    }
    this.body = body as Record<string, unknown>;
  }

  string(name: string): string {
    const value = this.body[name];
    if (typeof value !== 'string' || value.trim() === '') throw invalidRequest(`${name} must be a non-empty string`);
    return value;
  }

  optionalString(name: string): string | null {
    return this.body[name] === undefined || this.body[name] === null ? null : this.string(name);
  }

  quantity(name: string): number {
    const value = this.body[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidRequest(`${name} must be a non-negative number`);
    }
    return value;
  }

  date(name: string): string {
    const value = this.string(name);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw invalidRequest(`${name} must be a date YYYY-MM-DD`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.body[name];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(`${name} must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }
}

export function readPurchaseOrder(body: unknown): PurchaseOrderInput {
  const f = new Fields(body);
  return {
    supplierId: f.string('supplierId'),
    sku: f.string('sku'),
    location: f.string('location'),
    quantity: f.quantity('quantity'),
    unitCost: f.quantity('unitCost'),
    amount: f.quantity('amount'),
    needBy: f.date('needBy'),
    reference: f.optionalString('reference'),
  };
}

export function readExpediteRequest(body: unknown): ExpediteRequestInput {
  const f = new Fields(body);
  return {
    purchaseOrderId: f.string('purchaseOrderId'),
    supplierId: f.string('supplierId'),
    reason: f.string('reason'),
    reference: f.optionalString('reference'),
  };
}

export function readStockTransfer(body: unknown): StockTransferInput {
  const f = new Fields(body);
  const input = {
    sku: f.string('sku'),
    fromLocation: f.string('fromLocation'),
    toLocation: f.string('toLocation'),
    quantity: f.quantity('quantity'),
    reference: f.optionalString('reference'),
  };
  if (input.fromLocation === input.toLocation) throw invalidRequest('fromLocation and toLocation must differ');
  return input;
}

export function readPriorityChange(body: unknown): PriorityChangeInput {
  const f = new Fields(body);
  return { priority: f.oneOf('priority', ORDER_PRIORITY_VALUES), reason: f.optionalString('reason') };
}

export function readCreditHold(body: unknown): CreditHoldInput {
  const f = new Fields(body);
  return {
    orderId: f.string('orderId'),
    customerId: f.string('customerId'),
    amount: f.quantity('amount'),
    reason: f.string('reason'),
    reference: f.optionalString('reference'),
  };
}

/**
 * What an idempotency key is bound to: the operation and its input. The inputs above are built
 * with a fixed key order, so equal requests give equal fingerprints.
 */
export function requestFingerprint(operation: string, input: object): string {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(input)).digest('hex');
}
