// Parameters of `inventory.transfer-stock`: reallocate stock between locations.
import { IsNonEmptyString, IsNonNegativeNumber } from '../validation/decorators';

export class TransferStockParameters {
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() fromLocation!: string;
  @IsNonEmptyString() toLocation!: string;
  @IsNonNegativeNumber() quantity!: number;
  @IsNonNegativeNumber() amount!: number;
}
