// The master data events data-quality keeps (topic source.master-data.v1) as one typed union, and
// the entity each one is about.
import { EventTypes } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import type { MasterEntity } from './master-data';

export const MASTER_DATA_EVENT_TYPES = [
  EventTypes.MasterDataSkuUpsertedV1,
  EventTypes.MasterDataLocationUpsertedV1,
  EventTypes.MasterDataSupplierUpsertedV1,
  EventTypes.MasterDataCustomerUpsertedV1,
] as const;
export type MasterDataEventType = (typeof MASTER_DATA_EVENT_TYPES)[number];
export type MasterDataEvent = { [K in MasterDataEventType]: ContractEvent<K> }[MasterDataEventType];

export function masterEntityOf(event: MasterDataEvent): MasterEntity {
  const { active } = event.data;
  // The owner the record names, else the system of record that published it.
  const owner = event.data.owner ?? event.source;
  switch (event.type) {
    case EventTypes.MasterDataSkuUpsertedV1:
      return { entityType: 'sku', entityId: event.data.sku, active, owner, unitCost: event.data.standardCost };
    case EventTypes.MasterDataLocationUpsertedV1:
      return { entityType: 'location', entityId: event.data.location, active, owner, unitCost: null };
    case EventTypes.MasterDataSupplierUpsertedV1:
      return { entityType: 'supplier', entityId: event.data.supplierId, active, owner, unitCost: null };
    case EventTypes.MasterDataCustomerUpsertedV1:
      return { entityType: 'customer', entityId: event.data.customerId, active, owner, unitCost: null };
  }
}
