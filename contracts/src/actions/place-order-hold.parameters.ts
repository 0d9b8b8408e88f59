// Parameters of `credit.place-order-hold`: hold an order for credit review.
import { IsNonEmptyString, IsNonNegativeNumber } from '../validation/decorators';

export class PlaceOrderHoldParameters {
  @IsNonEmptyString() orderId!: string;
  @IsNonEmptyString() customerId!: string;
  @IsNonNegativeNumber() amount!: number;
  @IsNonEmptyString() reason!: string;
}
