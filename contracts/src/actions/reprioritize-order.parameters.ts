// Parameters of `orders.reprioritize-order`: move an order up or down the fulfilment queue.
import { ORDER_PRIORITY_VALUES, type OrderPriority } from '../common/order-priorities';
import { IsNonEmptyString, IsOneOf } from '../validation/decorators';

export class ReprioritizeOrderParameters {
  @IsNonEmptyString() orderId!: string;
  @IsOneOf(ORDER_PRIORITY_VALUES) priority!: OrderPriority;
  @IsNonEmptyString() reason!: string;
}
