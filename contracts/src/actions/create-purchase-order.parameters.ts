// Parameters of `procurement.create-purchase-order`: replenish stock from a supplier.
import { IsCalendarDate, IsNonEmptyString, IsNonNegativeNumber } from '../validation/decorators';

export class CreatePurchaseOrderParameters {
  @IsNonEmptyString() supplierId!: string;
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() location!: string;
  @IsNonNegativeNumber() quantity!: number;
  @IsNonNegativeNumber() unitCost!: number;
  /** quantity x unitCost as the proposer computed it; the amount policies limit. */
  @IsNonNegativeNumber() amount!: number;
  @IsCalendarDate() needBy!: string;
}
