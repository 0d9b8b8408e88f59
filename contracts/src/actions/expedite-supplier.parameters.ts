// Parameters of `procurement.expedite-supplier`: chase a late delivery.
import { IsNonEmptyString } from '../validation/decorators';

export class ExpediteSupplierParameters {
  @IsNonEmptyString() purchaseOrderId!: string;
  @IsNonEmptyString() supplierId!: string;
  @IsNonEmptyString() reason!: string;
}
