// masterdata.supplier-upserted.v1: the master record of one supplier (1.1 addition).
// Topic source.master-data.v1, subject the supplier id. Published; never edit, add a .v2 beside it.
import { IsNonEmptyString } from '../../validation/decorators';
import { MasterDataRecordV1 } from './master-data-common';

export const MASTERDATA_SUPPLIER_UPSERTED_V1 = 'masterdata.supplier-upserted.v1';

export class SupplierUpsertedV1 extends MasterDataRecordV1 {
  @IsNonEmptyString() supplierId!: string;
  @IsNonEmptyString() name!: string;
}
