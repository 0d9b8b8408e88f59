// masterdata.location-upserted.v1: the master record of one location (warehouse, store, plant)
// (1.1 addition). Topic source.master-data.v1, subject the location. Published; never edit.
import { IsNonEmptyString, IsOneOf } from '../../validation/decorators';
import { MasterDataRecordV1 } from './master-data-common';

export const MASTERDATA_LOCATION_UPSERTED_V1 = 'masterdata.location-upserted.v1';

/** What a location is: a distribution centre, a store or a plant. */
export const LOCATION_KINDS = ['dc', 'store', 'plant'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export class LocationUpsertedV1 extends MasterDataRecordV1 {
  @IsNonEmptyString() location!: string;
  @IsNonEmptyString() name!: string;
  @IsOneOf(LOCATION_KINDS) kind!: LocationKind;
}
