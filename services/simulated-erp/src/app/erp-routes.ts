// The simulated ERP/WMS's REST API: one route per operation, each reading its body into a typed
// input and handing it to the store. GET answers what the ERP holds, so tests and the demo can
// count, for instance, the purchase orders made with one idempotency key.
import {
  readCreditHold,
  readExpediteRequest,
  readPriorityChange,
  readPurchaseOrder,
  readStockTransfer,
} from '../domain/erp-requests';
import { FaultPlan } from '../domain/fault-plan';
import { ErpStore } from '../infra/erp-store';
import { storedReply, ErpReply, Router } from './http-kit';

const ok = (body: unknown): ErpReply => ({ status: 200, body });

export function erpRoutes(store: ErpStore, faults: FaultPlan): Router {
  return (
    new Router()
      .add('POST', '/purchase-orders', async (r) => storedReply(await store.createPurchaseOrder(readPurchaseOrder(r.body), r.idempotencyKey)))
      .add('POST', '/purchase-orders/:id/cancel', async (r) => ok(await store.cancelPurchaseOrder(r.params.id)))
      .add('GET', '/purchase-orders', async (r) => ok(await store.list('purchase_orders', r.query)))
      .add('GET', '/purchase-orders/:id', async (r) => ok(await store.get('purchase_orders', 'purchase order', r.params.id)))

      .add('POST', '/expedite-requests', async (r) =>
        storedReply(await store.createExpediteRequest(readExpediteRequest(r.body), r.idempotencyKey)),
      )
      .add('POST', '/expedite-requests/:id/withdraw', async (r) => ok(await store.withdrawExpediteRequest(r.params.id)))
      .add('GET', '/expedite-requests', async (r) => ok(await store.list('expedite_requests', r.query)))
      .add('GET', '/expedite-requests/:id', async (r) => ok(await store.get('expedite_requests', 'expedite request', r.params.id)))

      .add('POST', '/stock-transfers', async (r) => storedReply(await store.issueStockTransfer(readStockTransfer(r.body), r.idempotencyKey)))
      .add('POST', '/stock-transfers/:id/receive', async (r) => ok(await store.receiveStockTransfer(r.params.id)))
      .add('POST', '/stock-transfers/:id/reverse', async (r) => ok(await store.reverseStockTransfer(r.params.id)))
      .add('GET', '/stock-transfers', async (r) => ok(await store.list('stock_transfers', r.query)))
      .add('GET', '/stock-transfers/:id', async (r) => ok(await store.get('stock_transfers', 'stock transfer', r.params.id)))

      .add('PUT', '/orders/:orderId/priority', async (r) =>
        storedReply(await store.setOrderPriority(r.params.orderId, readPriorityChange(r.body), r.idempotencyKey), 200),
      )
      .add('GET', '/orders', async (r) => ok(await store.list('orders', r.query)))
      .add('GET', '/orders/:orderId', async (r) => ok(await store.getOrder(r.params.orderId)))

      .add('POST', '/credit-holds', async (r) => storedReply(await store.placeCreditHold(readCreditHold(r.body), r.idempotencyKey)))
      .add('DELETE', '/credit-holds/:orderId', async (r) =>
        storedReply(await store.releaseCreditHold(r.params.orderId, r.idempotencyKey), 200),
      )
      .add('GET', '/credit-holds', async (r) => ok(await store.list('credit_holds', r.query)))
      .add('GET', '/credit-holds/:orderId', async (r) => {
        const query = new URLSearchParams({ orderId: r.params.orderId });
        return ok(await store.list('credit_holds', query));
      })

      // Failure injection for tests and the demo (see FaultPlan).
      .add('POST', '/_control', async (r) => ({ status: 201, body: faults.add((r.body ?? {}) as object) }))
      .add('GET', '/_control', async () => ok({ rules: faults.list() }))
      .add('DELETE', '/_control', async () => {
        faults.reset();
        return { status: 204, body: null };
      })
  );
}
