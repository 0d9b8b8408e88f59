// masterdata.sku-upserted.v1: the master record of one SKU, as its owner keeps it (1.1 addition).
// Topic source.master-data.v1, subject the SKU. Published; never edit, add a .v2 beside it.
import { IsCurrencyCode, IsNonEmptyString, IsNonNegativeNumber, Optional } from '../../validation/decorators';
import { MasterDataRecordV1 } from './master-data-common';

export const MASTERDATA_SKU_UPSERTED_V1 = 'masterdata.sku-upserted.v1';

export class SkuUpsertedV1 extends MasterDataRecordV1 {
  @IsNonEmptyString() sku!: string;
  @IsNonEmptyString() description!: string;
  /** The unit quantities of this SKU are counted in, e.g. `EA`, `CS`, `KG`. */
  @IsNonEmptyString() unitOfMeasure!: string;
  /** The standard cost of one unit, in `currency`. */
  @IsNonNegativeNumber() standardCost!: number;
  @Optional() @IsCurrencyCode() currency?: string;
}
