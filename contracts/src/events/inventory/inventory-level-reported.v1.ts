// inventory.level-reported.v1: a WMS/ERP snapshot of stock of one SKU at one location.
// Topic source.inventory.v1, subject `SKU@LOCATION`. Published; never edit, add a .v2 beside it.
import { IsNonEmptyString, IsNonNegativeNumber, IsRfc3339Timestamp } from '../../validation/decorators';

export const INVENTORY_LEVEL_REPORTED_V1 = 'inventory.level-reported.v1';

export class InventoryLevelReportedV1 {
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() location!: string;
  @IsNonNegativeNumber() onHand!: number;
  @IsNonNegativeNumber() allocated!: number;
  @IsNonNegativeNumber() inTransit!: number;
  @IsNonNegativeNumber() unitCost!: number;
  /** When the counts were true at the source, which may be earlier than the envelope's `time`. */
  @IsRfc3339Timestamp() asOf!: string;
}
