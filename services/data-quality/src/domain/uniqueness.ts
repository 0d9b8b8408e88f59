// Uniqueness: one business fact should arrive as one event. The same `(source, id)` twice is
// dropped before scoring (the inbox); this dimension catches the same fact under a different id,
// e.g. one purchase-order delivery recorded twice. Each type's business key says what "the same
// fact" means for it.
import { EventTypes } from '@governor/contracts';
import { DimensionScore, issue } from './dimension';
import type { SourceEvent } from './source-event';

export interface EventRef {
  source: string;
  id: string;
}

export function businessKeyOf(event: SourceEvent): string {
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
      return `${event.subject}|${event.data.asOf}`;
    case EventTypes.InventoryDemandRecordedV1:
      return `${event.subject}|${event.data.date}`;
    case EventTypes.OrdersSalesOrderPlacedV1:
      return event.data.orderId;
    case EventTypes.OrdersShipmentStatusReportedV1:
      // A repeated status with a new eta is news; the same status and eta again is not.
      return `${event.data.orderId}|${event.data.shipmentId}|${event.data.status}|${event.data.eta ?? ''}`;
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      return `${event.data.purchaseOrderId}|${event.data.sku}|${event.data.receivedDate}`;
    case EventTypes.ProcurementSupplierTermsUpdatedV1:
    case EventTypes.CreditCustomerExposureUpdatedV1:
      return `${event.subject}|${event.time}`;
  }
}

/**
 * `firstHolder` is the event that first had this business key (undefined when this one is the
 * first). The same event seen again (a replay) is not a duplicate of itself.
 */
export function scoreUniqueness(event: SourceEvent, firstHolder: EventRef | undefined, duplicateKeyScore: number): DimensionScore {
  if (!firstHolder || (firstHolder.source === event.source && firstHolder.id === event.id)) {
    return { score: 1, issues: [] };
  }
  return {
    score: duplicateKeyScore,
    issues: [issue('duplicate-business-key', `${businessKeyOf(event)} already recorded by ${firstHolder.source} ${firstHolder.id}`)],
  };
}
