import { readCreditHold, readPriorityChange, readPurchaseOrder, readStockTransfer, requestFingerprint } from './erp-requests';

const po = { supplierId: 'SUP-17', sku: 'SKU-1001', location: 'DC-EAST', quantity: 400, unitCost: 12.5, amount: 5000, needBy: '2025-03-10' };

describe('ERP request bodies', () => {
  it('reads a purchase order in a fixed field order, extra fields dropped', () => {
    expect(readPurchaseOrder({ extra: 1, ...po, reference: 'act-1' })).toEqual({ ...po, reference: 'act-1' });
    const { needBy, ...rest } = po;
    expect(Object.keys(readPurchaseOrder({ needBy, reference: 'r', ...rest }))).toEqual([
      'supplierId', 'sku', 'location', 'quantity', 'unitCost', 'amount', 'needBy', 'reference',
    ]);
  });

  it('names the field that is wrong', () => {
    expect(() => readPurchaseOrder({ ...po, quantity: -1 })).toThrow('quantity must be a non-negative number');
    expect(() => readPurchaseOrder({ ...po, needBy: '10/03/2025' })).toThrow('needBy must be a date YYYY-MM-DD');
    expect(() => readPurchaseOrder([])).toThrow('the body must be a JSON object');
    expect(() => readStockTransfer({ sku: 'S', fromLocation: 'A', toLocation: 'A', quantity: 1 })).toThrow('must differ');
    expect(() => readPriorityChange({ priority: 'urgent' })).toThrow('priority must be one of standard, expedite');
    expect(() => readCreditHold({ orderId: 'SO-1', customerId: 'C-1', amount: 10 })).toThrow('reason must be a non-empty string');
  });

  it('fingerprints equal requests equally and different ones differently', () => {
    const a = requestFingerprint('create-purchase-order', readPurchaseOrder(po));
    const b = requestFingerprint('create-purchase-order', readPurchaseOrder({ ...po }));
    const c = requestFingerprint('create-purchase-order', readPurchaseOrder({ ...po, quantity: 401 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});
