// masterdata.customer-upserted.v1: the master record of one customer (1.1 addition).
// Topic source.master-data.v1, subject the customer id. Published; never edit, add a .v2 beside it.
import { IsNonEmptyString } from '../../validation/decorators';
import { MasterDataRecordV1 } from './master-data-common';

export const MASTERDATA_CUSTOMER_UPSERTED_V1 = 'masterdata.customer-upserted.v1';

export class CustomerUpsertedV1 extends MasterDataRecordV1 {
  @IsNonEmptyString() customerId!: string;
  @IsNonEmptyString() name!: string;
}
