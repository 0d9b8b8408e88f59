import { ActionTypes, ApprovalModes, EventTypes, type ActionType } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { AdapterError, ApprovedAction, CompletedExecution } from './adapter';
import { ErpAdapter } from './erp-adapter';
import { ErpCall, ErpTransport } from './erp-transport';

/** A scripted ERP: answers each call with the next answer for its method and path. */
class FakeErp implements ErpTransport {
  readonly calls: ErpCall[] = [];
  constructor(private readonly answer: (call: ErpCall) => unknown) {}
  async send(call: ErpCall): Promise<unknown> {
    this.calls.push(call);
    const result = this.answer(call);
    if (result instanceof Error) throw result;
    return result;
  }
}

function approved(actionType: ActionType, parameters: Record<string, unknown>): ApprovedAction {
  const data = exampleEvent(EventTypes.ActionApprovedV1).data;
  return { ...data, actionId: 'act-9', idempotencyKey: 'key-9', actionType, parameters, approval: { ...data.approval, mode: ApprovalModes.Automatic } };
}

function completed(action: ApprovedAction, externalReference: string, details: Record<string, unknown>): CompletedExecution {
  return { ...action, externalReference, details };
}

const transfer = { sku: 'SKU-1', fromLocation: 'DC-EAST', toLocation: 'DC-WEST', quantity: 40, amount: 500 };

describe('ErpAdapter', () => {
  it('creates a purchase order with the idempotency key and cancels it as its inverse', async () => {
    const erp = new FakeErp((c) => (c.path === '/purchase-orders' ? { id: 'PO-000007' } : { id: 'PO-000007', status: 'cancelled' }));
    const adapter = new ErpAdapter('erp', erp);
    const action = approved(ActionTypes.CreatePurchaseOrder, exampleEvent(EventTypes.ActionApprovedV1).data.parameters);
    const result = await adapter.execute(action, { finalAttempt: false });
    expect(result).toEqual({ externalReference: 'PO-000007', details: { purchaseOrderId: 'PO-000007' } });
    expect(erp.calls[0]).toEqual({
      method: 'POST',
      path: '/purchase-orders',
      idempotencyKey: 'key-9',
      body: { supplierId: 'SUP-17', sku: 'SKU-1001', location: 'DC-EAST', quantity: 400, unitCost: 12.5, amount: 5000, needBy: '2025-03-10', reference: 'act-9' },
    });
    await expect(adapter.compensate(completed(action, result.externalReference, result.details))).resolves.toEqual({ externalReference: 'PO-000007' });
    expect(erp.calls[1]).toEqual({ method: 'POST', path: '/purchase-orders/PO-000007/cancel', idempotencyKey: 'key-9:compensate' });
    expect(adapter.inverseOf(ActionTypes.CreatePurchaseOrder)).toBe('cancel the purchase order');
  });

  it('refuses invalid parameters as a final failure without calling the target', async () => {
    const erp = new FakeErp(() => ({ id: 'x' }));
    const adapter = new ErpAdapter('erp', erp);
    const failure = await adapter.execute(approved(ActionTypes.CreatePurchaseOrder, { sku: 'S' }), { finalAttempt: false }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid-parameters', retriable: false });
    expect(erp.calls).toHaveLength(0);
    expect(adapter.supports(ActionTypes.NotifyPlanner)).toBe(false);
  });

  it('transfers stock in two steps, each with its own key', async () => {
    const erp = new FakeErp((c) => ({ id: 'TR-000003', status: c.path.endsWith('/receive') ? 'received' : 'issued' }));
    const result = await new ErpAdapter('wms', erp).execute(approved(ActionTypes.TransferStock, transfer), { finalAttempt: false });
    expect(result.externalReference).toBe('TR-000003');
    expect(erp.calls.map((c) => [c.method, c.path, c.idempotencyKey])).toEqual([
      ['POST', '/stock-transfers', 'key-9'],
      ['POST', '/stock-transfers/TR-000003/receive', 'key-9:receive'],
    ]);
  });

  it('leaves a half-done transfer to the retry while retries remain, naming the transfer it issued', async () => {
    const erp = new FakeErp((c) => (c.path.endsWith('/receive') ? new AdapterError('http-503', true, 'busy') : { id: 'TR-1' }));
    const failure = await new ErpAdapter('wms', erp).execute(approved(ActionTypes.TransferStock, transfer), { finalAttempt: false }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'http-503', retriable: true, externalReference: 'TR-1' });
    expect(erp.calls.map((c) => c.path)).toEqual(['/stock-transfers', '/stock-transfers/TR-1/receive']);
  });

  it('reverses the issue itself when the receive fails for good', async () => {
    const erp = new FakeErp((c) => (c.path.endsWith('/receive') ? new AdapterError('http-409', false, 'location closed') : { id: 'TR-1' }));
    const failure = await new ErpAdapter('wms', erp).execute(approved(ActionTypes.TransferStock, transfer), { finalAttempt: false }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AdapterError);
    expect(failure).toMatchObject({ code: 'http-409', retriable: false, externalReference: 'TR-1' });
    expect((failure as Error).message).toBe('receiving transfer TR-1 at DC-WEST failed (location closed); the issue at DC-EAST was reversed');
    expect(erp.calls.map((c) => [c.path, c.idempotencyKey])).toEqual([
      ['/stock-transfers', 'key-9'],
      ['/stock-transfers/TR-1/receive', 'key-9:receive'],
      ['/stock-transfers/TR-1/reverse', 'key-9:reverse'],
    ]);
  });

  it('reverses the issue on the last attempt even for a transient receive failure, and says so when it cannot', async () => {
    const erp = new FakeErp((c) => (c.path === '/stock-transfers' ? { id: 'TR-2' } : new AdapterError('timeout', true, 'no answer')));
    const failure = await new ErpAdapter('wms', erp).execute(approved(ActionTypes.TransferStock, transfer), { finalAttempt: true }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'compensation-failed', retriable: false, externalReference: 'TR-2' });
    // One receive, then three tries of the reverse.
    expect(erp.calls.map((c) => c.path)).toEqual([
      '/stock-transfers',
      '/stock-transfers/TR-2/receive',
      '/stock-transfers/TR-2/reverse',
      '/stock-transfers/TR-2/reverse',
      '/stock-transfers/TR-2/reverse',
    ]);
  });

  it("reverses on the last attempt the transfer an earlier attempt issued, when this one cannot even issue it again", async () => {
    const erp = new FakeErp((c) => (c.path === '/stock-transfers' ? new AdapterError('http-503', true, 'down') : { id: 'TR-4', status: 'reversed' }));
    const adapter = new ErpAdapter('wms', erp);
    const action = approved(ActionTypes.TransferStock, transfer);
    // Before the last attempt the failure is handed back for the retry, the issued transfer untouched.
    await expect(adapter.execute(action, { finalAttempt: false, earlierReference: 'TR-4' })).rejects.toMatchObject({ code: 'http-503', retriable: true });
    expect(erp.calls.map((c) => c.path)).toEqual(['/stock-transfers']);
    const failure = await adapter.execute(action, { finalAttempt: true, earlierReference: 'TR-4' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'http-503', retriable: false, externalReference: 'TR-4' });
    expect((failure as Error).message).toBe('issuing transfer TR-4 again failed (down); its issue at DC-EAST by an earlier attempt was reversed');
    expect(erp.calls.slice(1).map((c) => [c.path, c.idempotencyKey])).toEqual([
      ['/stock-transfers', 'key-9'],
      ['/stock-transfers/TR-4/reverse', 'key-9:reverse'],
    ]);
  });

  it('leaves to an operator the transfer an earlier attempt issued when its reversal fails too', async () => {
    const erp = new FakeErp(() => new AdapterError('http-503', true, 'down'));
    const failure = await new ErpAdapter('wms', erp).execute(approved(ActionTypes.TransferStock, transfer), { finalAttempt: true, earlierReference: 'TR-5' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'compensation-failed', retriable: false, externalReference: 'TR-5' });
    expect((failure as Error).message).toBe('issuing transfer TR-5 again failed (down) and reversing its issue failed too (down): an operator must compensate it');
  });

  it("hands a refusal by the open circuit back as it is on the last attempt too: it was no call, so not an attempt", async () => {
    const refused = new AdapterError('circuit-open', true, 'the circuit to wms is open');
    const erp = new FakeErp((c) => (c.path === '/stock-transfers' ? { id: 'TR-6' } : refused));
    const adapter = new ErpAdapter('wms', erp);
    const action = approved(ActionTypes.TransferStock, transfer);
    await expect(adapter.execute(action, { finalAttempt: true })).rejects.toMatchObject({ code: 'circuit-open', retriable: true, externalReference: 'TR-6' });
    await expect(adapter.execute(action, { finalAttempt: true, earlierReference: 'TR-6' })).rejects.toMatchObject({ code: 'circuit-open', retriable: true });
    expect(erp.calls.filter((c) => c.path.endsWith('/reverse'))).toEqual([]);
  });

  it('keeps the previous priority of an order and restores it as the inverse', async () => {
    const erp = new FakeErp((c) => ({ id: c.idempotencyKey === 'key-9' ? 'PRI-000001' : 'PRI-000002', previousPriority: 'standard' }));
    const adapter = new ErpAdapter('erp', erp);
    const action = approved(ActionTypes.ReprioritizeOrder, { orderId: 'SO-5', priority: 'expedite', reason: 'late' });
    const result = await adapter.execute(action, { finalAttempt: false });
    expect(result).toEqual({ externalReference: 'PRI-000001', details: { orderId: 'SO-5', previousPriority: 'standard' } });
    await expect(adapter.compensate(completed(action, result.externalReference, result.details))).resolves.toEqual({ externalReference: 'PRI-000002' });
    expect(erp.calls[1]).toEqual({
      method: 'PUT',
      path: '/orders/SO-5/priority',
      body: { priority: 'standard', reason: 'compensation of action act-9' },
      idempotencyKey: 'key-9:compensate',
    });
  });

  it('places a hold and lifts it; releases a hold and restores it', async () => {
    const erp = new FakeErp((c) => ({ id: c.method === 'DELETE' ? 'HOLD-000001' : 'HOLD-000002', reason: 'over limit' }));
    const adapter = new ErpAdapter('erp', erp);
    const place = approved(ActionTypes.PlaceOrderHold, { orderId: 'SO-1', customerId: 'C-1', amount: 900, reason: 'over limit' });
    const placed = await adapter.execute(place, { finalAttempt: false });
    await adapter.compensate(completed(place, placed.externalReference, placed.details));
    expect(erp.calls[1]).toEqual({ method: 'DELETE', path: '/credit-holds/SO-1', idempotencyKey: 'key-9:compensate' });

    const release = approved(ActionTypes.ReleaseOrderHold, { orderId: 'SO-1', customerId: 'C-1', amount: 900 });
    const released = await adapter.execute(release, { finalAttempt: false });
    expect(released.details).toEqual({ hold: { orderId: 'SO-1', customerId: 'C-1', amount: 900, reason: 'over limit' } });
    await adapter.compensate(completed(release, released.externalReference, released.details));
    expect(erp.calls[3]).toEqual({
      method: 'POST',
      path: '/credit-holds',
      idempotencyKey: 'key-9:compensate',
      body: { orderId: 'SO-1', customerId: 'C-1', amount: 900, reason: 'restored after compensation of action act-9: over limit', reference: 'act-9' },
    });
  });

  it('treats an answer without an id as a final failure', async () => {
    const erp = new FakeErp(() => ({ ok: true }));
    const action = approved(ActionTypes.ExpediteSupplier, { purchaseOrderId: 'PO-1', supplierId: 'SUP-1', reason: 'late' });
    await expect(new ErpAdapter('erp', erp).execute(action, { finalAttempt: false })).rejects.toMatchObject({ code: 'unexpected-answer', retriable: false });
  });
});
