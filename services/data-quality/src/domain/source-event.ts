// The source events data-quality scores (docs/contract.md section 2, every type on a `source.*` topic)
// as one typed union, and the few facts about them every dimension needs.
import { EventTypes } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';

export const SOURCE_EVENT_TYPES = [
  EventTypes.InventoryLevelReportedV1,
  EventTypes.InventoryDemandRecordedV1,
  EventTypes.OrdersSalesOrderPlacedV1,
  EventTypes.OrdersShipmentStatusReportedV1,
  EventTypes.ProcurementSupplierDeliveryRecordedV1,
  EventTypes.ProcurementSupplierTermsUpdatedV1,
  EventTypes.CreditCustomerExposureUpdatedV1,
] as const;
export type SourceEventType = (typeof SOURCE_EVENT_TYPES)[number];

export type SourceEvent = { [K in SourceEventType]: ContractEvent<K> }[SourceEventType];

export function isSourceEvent(event: { type: string }): event is SourceEvent {
  return (SOURCE_EVENT_TYPES as readonly string[]).includes(event.type);
}

/**
 * When the facts of an event were true at the source: an inventory level's `asOf` (a snapshot may
 * be published well after it was counted), otherwise the envelope's `time`.
 */
export function factTimeOf(event: SourceEvent): string {
  return event.type === EventTypes.InventoryLevelReportedV1 ? event.data.asOf : event.time;
}

/** The subject the contract prescribes for the event's data, to check the envelope against. */
export function expectedSubjectOf(event: SourceEvent): string {
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
    case EventTypes.InventoryDemandRecordedV1:
      return `${event.data.sku}@${event.data.location}`;
    case EventTypes.OrdersSalesOrderPlacedV1:
    case EventTypes.OrdersShipmentStatusReportedV1:
      return event.data.orderId;
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      return event.data.purchaseOrderId;
    case EventTypes.ProcurementSupplierTermsUpdatedV1:
      return `${event.data.supplierId}@${event.data.sku}`;
    case EventTypes.CreditCustomerExposureUpdatedV1:
      return event.data.customerId;
  }
}
