// Parameters of `credit.release-order-hold`: release an order held for credit.
import { IsNonEmptyString, IsNonNegativeNumber } from '../validation/decorators';

export class ReleaseOrderHoldParameters {
  @IsNonEmptyString() orderId!: string;
  @IsNonEmptyString() customerId!: string;
  @IsNonNegativeNumber() amount!: number;
}
