// procurement.supplier-terms-updated.v1: a supplier's current price and lead time for one SKU.
// Topic source.procurement.v1, subject `SUPPLIER@SKU`. Published; never edit, add a .v2 beside it.
import { IsNonEmptyString, IsNonNegativeInt, IsNonNegativeNumber } from '../../validation/decorators';

export const PROCUREMENT_SUPPLIER_TERMS_UPDATED_V1 = 'procurement.supplier-terms-updated.v1';

export class SupplierTermsUpdatedV1 {
  @IsNonEmptyString() supplierId!: string;
  @IsNonEmptyString() sku!: string;
  @IsNonNegativeNumber() unitCost!: number;
  @IsNonNegativeNumber() minOrderQuantity!: number;
  /** Whole days, as suppliers quote them. */
  @IsNonNegativeInt() quotedLeadTimeDays!: number;
}
