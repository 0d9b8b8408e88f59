// Fulfilment priorities of a sales order, shared by the order event and the reprioritize action.
import { type ValueOf, valuesOf } from './value-of';

export const OrderPriorities = {
  Standard: 'standard',
  Expedite: 'expedite',
} as const;
export type OrderPriority = ValueOf<typeof OrderPriorities>;
export const ORDER_PRIORITY_VALUES = valuesOf(OrderPriorities);
