// The action types of docs/contract.md section 3: what the system may do to the business.
import { type Domain } from '../common/domains';
import { type ValueOf, valuesOf } from '../common/value-of';

export const ActionTypes = {
  CreatePurchaseOrder: 'procurement.create-purchase-order',
  ExpediteSupplier: 'procurement.expedite-supplier',
  TransferStock: 'inventory.transfer-stock',
  ReprioritizeOrder: 'orders.reprioritize-order',
  ReleaseOrderHold: 'credit.release-order-hold',
  PlaceOrderHold: 'credit.place-order-hold',
  NotifyPlanner: 'planning.notify-planner',
  PromoteModelVersion: 'planning.promote-model-version',
} as const;
export type ActionType = ValueOf<typeof ActionTypes>;
export const ACTION_TYPE_VALUES = valuesOf(ActionTypes);

/** The domain an action type belongs to: its first word, checked against Domain at compile time. */
export type DomainOfActionType<A extends ActionType> = A extends `${infer D extends Domain}.${string}`
  ? D
  : never;

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPE_VALUES as readonly string[]).includes(value);
}

export function domainOfActionType<A extends ActionType>(actionType: A): DomainOfActionType<A> {
  return actionType.slice(0, actionType.indexOf('.')) as DomainOfActionType<A>;
}
