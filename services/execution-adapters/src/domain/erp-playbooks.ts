// What each action type means to an ERP/WMS-style REST API, and its inverse:
//   create-purchase-order   POST /purchase-orders              | cancel the purchase order
//   expedite-supplier       POST /expedite-requests            | withdraw the expedite request
//   transfer-stock          POST /stock-transfers (issue) then | transfer the stock back
//                           POST /stock-transfers/{id}/receive |
//   reprioritize-order      PUT /orders/{id}/priority          | restore the previous priority
//   place-order-hold        POST /credit-holds                 | lift the hold
//   release-order-hold      DELETE /credit-holds/{orderId}     | restore the hold
// Every call carries an idempotency key derived from the action's, one per step, so repeating an
// attempt (after a timeout or a crash) finds the earlier result instead of acting twice.
import { ActionTypes, validateActionParameters, type ActionParametersMap, type ActionType } from '@governor/contracts';
import {
  AdapterError,
  ApprovedAction,
  asAdapterError,
  CompensationResult,
  CompletedExecution,
  ExecuteOptions,
  ExecutionResult,
  LEFT_HALF_DONE,
} from './adapter';
import { CIRCUIT_OPEN } from './retry-policy';
import { ErpTransport } from './erp-transport';

/** A released credit hold as compensation needs it to put the hold back. */
interface CreditHoldRecord {
  orderId: string;
  customerId: string;
  amount: number;
  reason: string;
}

export interface ErpPlaybook<A extends ActionType = ActionType> {
  inverse: string;
  execute(erp: ErpTransport, action: ApprovedAction, params: ActionParametersMap[A], options: ExecuteOptions): Promise<ExecutionResult>;
  compensate(erp: ErpTransport, execution: CompletedExecution): Promise<CompensationResult>;
}

type Playbooks = {
  [A in Exclude<ActionType, typeof ActionTypes.NotifyPlanner | typeof ActionTypes.PromoteModelVersion>]: ErpPlaybook<A>;
};

export const ERP_PLAYBOOKS: Playbooks = {
  [ActionTypes.CreatePurchaseOrder]: {
    inverse: 'cancel the purchase order',
    async execute(erp, action, p) {
      const body = { supplierId: p.supplierId, sku: p.sku, location: p.location, quantity: p.quantity, unitCost: p.unitCost, amount: p.amount, needBy: p.needBy, reference: action.actionId };
      const id = idOf(await erp.send({ method: 'POST', path: '/purchase-orders', body, idempotencyKey: action.idempotencyKey }));
      return { externalReference: id, details: { purchaseOrderId: id } };
    },
    async compensate(erp, execution) {
      const id = execution.externalReference;
      await erp.send({ method: 'POST', path: `/purchase-orders/${enc(id)}/cancel`, idempotencyKey: stepKey(execution, 'compensate') });
      return { externalReference: id };
    },
  },

  [ActionTypes.ExpediteSupplier]: {
    inverse: 'withdraw the expedite request',
    async execute(erp, action, p) {
      const body = { purchaseOrderId: p.purchaseOrderId, supplierId: p.supplierId, reason: p.reason, reference: action.actionId };
      const id = idOf(await erp.send({ method: 'POST', path: '/expedite-requests', body, idempotencyKey: action.idempotencyKey }));
      return { externalReference: id, details: { expediteRequestId: id } };
    },
    async compensate(erp, execution) {
      const id = execution.externalReference;
      await erp.send({ method: 'POST', path: `/expedite-requests/${enc(id)}/withdraw`, idempotencyKey: stepKey(execution, 'compensate') });
      return { externalReference: id };
    },
  },

  [ActionTypes.TransferStock]: {
    inverse: 'transfer the stock back',
    async execute(erp, action, p, options) {
      const body = { sku: p.sku, fromLocation: p.fromLocation, toLocation: p.toLocation, quantity: p.quantity, reference: action.actionId };
      const reverseKey = `${action.idempotencyKey}:reverse`;
      let id: string;
      try {
        id = idOf(await erp.send({ method: 'POST', path: '/stock-transfers', body, idempotencyKey: action.idempotencyKey }));
      } catch (error) {
        const failure = asAdapterError(error);
        // An earlier attempt issued the transfer, and this one could not even find it again (the
        // ERP down): when no retry follows, that issue is undone now, or left to an operator.
        const issued = options.earlierReference;
        if (!issued || retryFollows(failure, options)) throw failure;
        await undoHalfDone(erp, issued, reverseKey, `issuing transfer ${issued} again failed (${failure.message})`);
        throw new AdapterError(failure.code, false, `issuing transfer ${issued} again failed (${failure.message}); its issue at ${p.fromLocation} by an earlier attempt was reversed`, issued);
      }
      try {
        await erp.send({ method: 'POST', path: `/stock-transfers/${enc(id)}/receive`, idempotencyKey: `${action.idempotencyKey}:receive` });
      } catch (error) {
        const failure = asAdapterError(error);
        // A retry repeats both steps, the issue finding itself by its key (the failure names the
        // transfer, which the execution keeps for that retry); only when no retry follows is the
        // stock left issued but not received, so the issue is undone now.
        if (retryFollows(failure, options)) throw new AdapterError(failure.code, true, failure.message, id);
        await undoHalfDone(erp, id, reverseKey, `receiving transfer ${id} failed (${failure.message})`);
        throw new AdapterError(failure.code, false, `receiving transfer ${id} at ${p.toLocation} failed (${failure.message}); the issue at ${p.fromLocation} was reversed`, id);
      }
      return { externalReference: id, details: { transferId: id } };
    },
    async compensate(erp, execution) {
      const id = execution.externalReference;
      await erp.send({ method: 'POST', path: `/stock-transfers/${enc(id)}/reverse`, idempotencyKey: stepKey(execution, 'compensate') });
      return { externalReference: id };
    },
  },

  [ActionTypes.ReprioritizeOrder]: {
    inverse: 'restore the previous priority',
    async execute(erp, action, p) {
      const answer = await erp.send({ method: 'PUT', path: `/orders/${enc(p.orderId)}/priority`, body: { priority: p.priority, reason: p.reason }, idempotencyKey: action.idempotencyKey });
      const previousPriority = stringField(answer, 'previousPriority');
      return { externalReference: idOf(answer), details: { orderId: p.orderId, previousPriority } };
    },
    async compensate(erp, execution) {
      const orderId = String(execution.details.orderId ?? execution.parameters.orderId);
      const priority = execution.details.previousPriority;
      if (typeof priority !== 'string') throw new AdapterError('missing-previous-priority', false, 'the execution did not record the previous priority');
      const body = { priority, reason: `compensation of action ${execution.actionId}` };
      return { externalReference: idOf(await erp.send({ method: 'PUT', path: `/orders/${enc(orderId)}/priority`, body, idempotencyKey: stepKey(execution, 'compensate') })) };
    },
  },

  [ActionTypes.PlaceOrderHold]: {
    inverse: 'lift the hold',
    async execute(erp, action, p) {
      const body = { orderId: p.orderId, customerId: p.customerId, amount: p.amount, reason: p.reason, reference: action.actionId };
      const id = idOf(await erp.send({ method: 'POST', path: '/credit-holds', body, idempotencyKey: action.idempotencyKey }));
      return { externalReference: id, details: { orderId: p.orderId } };
    },
    async compensate(erp, execution) {
      const orderId = String(execution.details.orderId ?? execution.parameters.orderId);
      return { externalReference: idOf(await erp.send({ method: 'DELETE', path: `/credit-holds/${enc(orderId)}`, idempotencyKey: stepKey(execution, 'compensate') })) };
    },
  },

  [ActionTypes.ReleaseOrderHold]: {
    inverse: 'restore the hold',
    async execute(erp, action, p) {
      const released = await erp.send({ method: 'DELETE', path: `/credit-holds/${enc(p.orderId)}`, idempotencyKey: action.idempotencyKey });
      const hold: CreditHoldRecord = { orderId: p.orderId, customerId: p.customerId, amount: p.amount, reason: stringField(released, 'reason') };
      return { externalReference: idOf(released), details: { hold } };
    },
    async compensate(erp, execution) {
      const hold = execution.details.hold as CreditHoldRecord | undefined;
      if (!hold) throw new AdapterError('missing-hold', false, 'the execution did not record the released hold');
      const body = { ...hold, reason: `restored after compensation of action ${execution.actionId}: ${hold.reason}`, reference: execution.actionId };
      return { externalReference: idOf(await erp.send({ method: 'POST', path: '/credit-holds', body, idempotencyKey: stepKey(execution, 'compensate') })) };
    },
  },
};

/** Validated parameters of the action, or a final failure: a retry cannot fix them. */
export function parametersOf<A extends ActionType>(actionType: A, parameters: unknown): ActionParametersMap[A] {
  const checked = validateActionParameters(actionType, parameters);
  if (!checked.ok) {
    const detail = checked.errors.map((e) => `${e.path}: ${e.messages.join(', ')}`).join('; ');
    throw new AdapterError('invalid-parameters', false, `parameters of ${actionType} are invalid: ${detail}`);
  }
  return checked.value;
}

/**
 * Whether another attempt follows this failure: a transient one before the last attempt, or a
 * refusal by the target's open circuit (never a call, so not an attempt).
 */
function retryFollows(failure: AdapterError, options: ExecuteOptions): boolean {
  return failure.retriable && (!options.finalAttempt || failure.code === CIRCUIT_OPEN);
}

/** Reverses an issued transfer (three tries); when it cannot, the failure leaves it to an operator. */
async function undoHalfDone(erp: ErpTransport, transferId: string, key: string, failed: string): Promise<void> {
  const tries = 3;
  for (let i = 1; ; i++) {
    try {
      await erp.send({ method: 'POST', path: `/stock-transfers/${enc(transferId)}/reverse`, idempotencyKey: key });
      return;
    } catch (error) {
      const undo = asAdapterError(error);
      if (!undo.retriable || i >= tries) {
        throw new AdapterError(LEFT_HALF_DONE, false, `${failed} and reversing its issue failed too (${undo.message}): an operator must compensate it`, transferId);
      }
    }
  }
}

function stepKey(execution: CompletedExecution, step: string): string {
  return `${execution.idempotencyKey}:${step}`;
}

function idOf(answer: unknown): string {
  return stringField(answer, 'id');
}

function stringField(answer: unknown, field: string): string {
  const value = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AdapterError('unexpected-answer', false, `the target's answer has no "${field}"`);
  }
  return value;
}

const enc = encodeURIComponent;
