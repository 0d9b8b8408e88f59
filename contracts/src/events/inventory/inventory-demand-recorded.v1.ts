// inventory.demand-recorded.v1: demand for one SKU at one location on one day.
// Topic source.inventory.v1, subject `SKU@LOCATION`. Published; never edit, add a .v2 beside it.
import { IsCalendarDate, IsNonEmptyString, IsNonNegativeNumber } from '../../validation/decorators';

export const INVENTORY_DEMAND_RECORDED_V1 = 'inventory.demand-recorded.v1';

export class InventoryDemandRecordedV1 {
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() location!: string;
  @IsCalendarDate() date!: string;
  @IsNonNegativeNumber() quantity!: number;
}
