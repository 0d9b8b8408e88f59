// The master data of the scenario's world (docs/contract.md section 7, topic source.master-data.v1),
// for the demo to publish before the day begins: every SKU (unit of measure and its standard cost,
// the cost the WMS reports it at), location, supplier and customer of the catalog, each with the
// team that owns it. And a few source events that break it, for later in the day: a SKU nobody
// mastered, a unit cost far from the master cost, an order from an unknown customer.
import { EventTypes, Topics, type EventType, type TopicName } from '@governor/contracts';
import type { CloudEvent } from '@governor/contracts';
import type { Catalog } from './catalog';

/** The ERP's master data management: the system of record of master data. */
export const MASTER_DATA_SOURCE = 'urn:erp:mdm';

/** Who owns each entity type's master data. */
export const MASTER_DATA_OWNERS = {
  sku: 'team:procurement',
  location: 'team:inventory',
  supplier: 'team:procurement',
  customer: 'team:credit',
} as const;

export interface MasterDataRecord {
  topic: TopicName;
  event: CloudEvent<unknown>;
}

/** A SKU's standard cost: the cost its stock is reported at (the first supplier's). */
export function masterUnitCost(sku: Catalog['skus'][number]): number {
  return sku.offers[0].unitCost;
}

/** Every entity of the catalog as a master data record, SKUs first; ids are `<runId>-md-<n>`. */
export function masterDataEvents(catalog: Catalog, time: Date, runId: string): MasterDataRecord[] {
  let n = 0;
  const at = time.toISOString();
  const record = <T>(type: EventType, subject: string, data: T): MasterDataRecord => ({
    topic: Topics.SourceMasterDataV1,
    event: { specversion: '1.0', id: `${runId}-md-${(n++).toString(36)}`, source: MASTER_DATA_SOURCE, type, subject, time: at, datacontenttype: 'application/json', data },
  });
  const suppliers = [...new Set(catalog.skus.flatMap((s) => s.offers.map((o) => o.supplierId)))].sort();
  return [
    ...catalog.skus.map((sku) =>
      record(EventTypes.MasterDataSkuUpsertedV1, sku.sku, {
        sku: sku.sku,
        description: `Catalogue item ${sku.sku}`,
        unitOfMeasure: 'EA',
        standardCost: masterUnitCost(sku),
        currency: 'USD',
        active: true,
        owner: MASTER_DATA_OWNERS.sku,
      }),
    ),
    ...catalog.locations.map((location) =>
      record(EventTypes.MasterDataLocationUpsertedV1, location, { location, name: `Distribution centre ${location}`, kind: 'dc', active: true, owner: MASTER_DATA_OWNERS.location }),
    ),
    ...suppliers.map((supplierId) =>
      record(EventTypes.MasterDataSupplierUpsertedV1, supplierId, { supplierId, name: `Supplier ${supplierId}`, active: true, owner: MASTER_DATA_OWNERS.supplier }),
    ),
    ...catalog.customers.map((c) =>
      record(EventTypes.MasterDataCustomerUpsertedV1, c.customerId, { customerId: c.customerId, name: `Customer ${c.customerId}`, active: true, owner: MASTER_DATA_OWNERS.customer }),
    ),
  ];
}

/**
 * Three source events that break master data, for the demo to publish once master data is in:
 * a level of a SKU nobody mastered (`unknown-sku`), a level of a known SKU at three times its
 * master cost (`unit-cost-off-master`), and an order from a customer nobody mastered
 * (`unknown-customer`). Ids are `<runId>-mdx-<n>`.
 */
export function masterDataViolations(catalog: Catalog, time: Date, runId: string): MasterDataRecord[] {
  const at = time.toISOString();
  const [sku] = catalog.skus;
  const [location] = catalog.locations;
  const event = <T>(n: number, type: EventType, source: string, subject: string, data: T) => ({
    specversion: '1.0' as const,
    id: `${runId}-mdx-${n}`,
    source,
    type,
    subject,
    time: at,
    datacontenttype: 'application/json' as const,
    data,
  });
  const level = (s: string, unitCost: number) => ({ sku: s, location, onHand: 40, allocated: 0, inTransit: 0, unitCost, asOf: at });
  const wms = `urn:wms:${location.toLowerCase()}`;
  return [
    { topic: Topics.SourceInventoryV1, event: event(0, EventTypes.InventoryLevelReportedV1, wms, `SKU-UNMASTERED@${location}`, level('SKU-UNMASTERED', masterUnitCost(sku))) },
    { topic: Topics.SourceInventoryV1, event: event(1, EventTypes.InventoryLevelReportedV1, wms, `${sku.sku}@${location}`, level(sku.sku, masterUnitCost(sku) * 3)) },
    {
      topic: Topics.SourceOrdersV1,
      event: event(2, EventTypes.OrdersSalesOrderPlacedV1, 'urn:erp:sales', `${runId}-ORD-UNMASTERED`, {
        orderId: `${runId}-ORD-UNMASTERED`,
        customerId: 'CUST-UNMASTERED',
        location,
        requestedShipDate: at.slice(0, 10),
        priority: 'standard',
        lines: [{ sku: sku.sku, quantity: 1, unitPrice: sku.unitPrice }],
      }),
    },
  ];
}
