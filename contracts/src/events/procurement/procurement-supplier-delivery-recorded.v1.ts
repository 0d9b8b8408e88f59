// procurement.supplier-delivery-recorded.v1: goods received against a purchase order.
// Topic source.procurement.v1, subject `PO_ID`. Published; never edit, add a .v2 beside it.
import { IsCalendarDate, IsNonEmptyString, IsNonNegativeNumber } from '../../validation/decorators';

export const PROCUREMENT_SUPPLIER_DELIVERY_RECORDED_V1 = 'procurement.supplier-delivery-recorded.v1';

export class SupplierDeliveryRecordedV1 {
  @IsNonEmptyString() purchaseOrderId!: string;
  @IsNonEmptyString() supplierId!: string;
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() location!: string;
  @IsNonNegativeNumber() quantityOrdered!: number;
  @IsNonNegativeNumber() quantityReceived!: number;
  @IsCalendarDate() promisedDate!: string;
  @IsCalendarDate() receivedDate!: string;
}
