// Consistency: does the event agree with the last state seen for the same subject? A stock level
// that jumps 100x since the last count, a shipment that goes from delivered back to picked, or an
// exposure that multiplies overnight is more likely a data error than a fact. An event older than
// the last state seen is reported as out of order and not compared (it would be compared with its
// own future). Each issue costs `consistencyIssuePenalty`. nextLastSeen() says what to remember.
import { EventTypes, ShipmentStatuses } from '@governor/contracts';
import type { ContractEvent, ShipmentStatus } from '@governor/contracts';
import { secondsBetween } from './calendar';
import { DimensionScore, issue, scoreFromIssues } from './dimension';
import type { ScoringConfig, ScoringLimits } from './scoring-config';
import { factTimeOf, type SourceEvent } from './source-event';
import { LastSeen, stateOf, SubjectState } from './subject-state';

// Delayed is a detour between dispatched and delivered, not a step back.
const SHIPMENT_PROGRESS: Record<ShipmentStatus, number> = {
  [ShipmentStatuses.Picked]: 0,
  [ShipmentStatuses.Dispatched]: 1,
  [ShipmentStatuses.Delayed]: 1,
  [ShipmentStatuses.Delivered]: 2,
};

/** Bounds the state of one order; real orders have a handful of shipments. */
const MAX_SHIPMENTS_PER_ORDER = 100;

type LevelEvent = ContractEvent<typeof EventTypes.InventoryLevelReportedV1>;
type ShipmentEvent = ContractEvent<typeof EventTypes.OrdersShipmentStatusReportedV1>;
type DeliveryEvent = ContractEvent<typeof EventTypes.ProcurementSupplierDeliveryRecordedV1>;
type CreditEvent = ContractEvent<typeof EventTypes.CreditCustomerExposureUpdatedV1>;

export function scoreConsistency(
  event: SourceEvent,
  last: LastSeen | undefined,
  config: Pick<ScoringConfig, 'limits' | 'consistencyIssuePenalty'>,
): DimensionScore {
  return scoreFromIssues(consistencyIssues(event, last, config.limits), config.consistencyIssuePenalty);
}

function consistencyIssues(event: SourceEvent, last: LastSeen | undefined, limits: ScoringLimits): string[] {
  if (!last) return [];
  // RFC 3339 strings with different offsets do not compare as text: compare instants.
  if (isOrderedByFactTime(event) && secondsBetween(last.factTime, factTimeOf(event)) < 0) {
    return [issue('out-of-order', `fact time ${factTimeOf(event)} is before the last seen ${last.factTime}`)];
  }
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
      return levelIssues(event, last, limits);
    case EventTypes.InventoryDemandRecordedV1: {
      const before = stateOf(last, 'demand');
      if (!before || event.data.quantity <= limits.maxJumpFactor * Math.max(before.quantity, 1)) return [];
      return [issue('demand-jump', `quantity ${event.data.quantity} vs ${before.quantity} last recorded`)];
    }
    case EventTypes.OrdersSalesOrderPlacedV1: {
      const before = stateOf(last, 'sales-order');
      if (!before) return [];
      const issues: string[] = [];
      if (before.customerId !== event.data.customerId) {
        issues.push(issue('customer-changed', `order was for ${before.customerId}, now ${event.data.customerId}`));
      }
      if (before.location !== event.data.location) {
        issues.push(issue('location-changed', `order shipped from ${before.location}, now ${event.data.location}`));
      }
      return issues;
    }
    case EventTypes.OrdersShipmentStatusReportedV1:
      return shipmentIssues(event, last);
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      return deliveryIssues(event, last);
    case EventTypes.ProcurementSupplierTermsUpdatedV1: {
      const before = stateOf(last, 'supplier-terms');
      if (!before) return [];
      const issues: string[] = [];
      if (priceRatio(before.unitCost, event.data.unitCost) > limits.maxChangeFactor) {
        issues.push(issue('unit-cost-jump', `unitCost ${event.data.unitCost} vs ${before.unitCost} last seen`));
      }
      if (quantityRatio(before.quotedLeadTimeDays, event.data.quotedLeadTimeDays) > limits.maxChangeFactor) {
        issues.push(issue('lead-time-jump', `quotedLeadTimeDays ${event.data.quotedLeadTimeDays} vs ${before.quotedLeadTimeDays} last seen`));
      }
      return issues;
    }
    case EventTypes.CreditCustomerExposureUpdatedV1:
      return creditIssues(event, last, limits);
  }
}

function levelIssues(event: LevelEvent, last: LastSeen, limits: ScoringLimits): string[] {
  const before = stateOf(last, 'inventory-level');
  if (!before) return [];
  const { onHand, unitCost } = event.data;
  const issues: string[] = [];
  // Stock may rise by what was in transit; beyond that a 50x rise (or fall) is a miscount.
  const reachable = before.onHand + before.inTransit;
  if (onHand > limits.maxJumpFactor * Math.max(reachable, 1)) {
    issues.push(issue('on-hand-jump', `onHand ${onHand} vs ${before.onHand} (+${before.inTransit} in transit) last seen`));
  } else if (before.onHand > limits.maxJumpFactor * Math.max(onHand, 1)) {
    issues.push(issue('on-hand-jump', `onHand ${onHand} vs ${before.onHand} last seen`));
  }
  if (priceRatio(before.unitCost, unitCost) > limits.maxChangeFactor) {
    issues.push(issue('unit-cost-jump', `unitCost ${unitCost} vs ${before.unitCost} last seen`));
  }
  return issues;
}

function shipmentIssues(event: ShipmentEvent, last: LastSeen): string[] {
  const before = stateOf(last, 'shipments')?.shipments[event.data.shipmentId];
  if (!before) return [];
  if (secondsBetween(before.time, event.time) < 0) {
    return [issue('out-of-order', `shipment ${event.data.shipmentId} update of ${event.time} is before the last seen ${before.time}`)];
  }
  if (SHIPMENT_PROGRESS[event.data.status] < SHIPMENT_PROGRESS[before.status]) {
    return [issue('status-regressed', `shipment ${event.data.shipmentId} went from ${before.status} back to ${event.data.status}`)];
  }
  return [];
}

function deliveryIssues(event: DeliveryEvent, last: LastSeen): string[] {
  const before = stateOf(last, 'deliveries');
  if (!before) return [];
  const issues: string[] = [];
  if (before.supplierId !== event.data.supplierId) {
    issues.push(issue('supplier-changed', `purchase order was with ${before.supplierId}, now ${event.data.supplierId}`));
  }
  const ordered = before.quantityOrdered[event.data.sku];
  if (ordered !== undefined && ordered !== event.data.quantityOrdered) {
    issues.push(issue('quantity-ordered-changed', `${event.data.sku} ordered ${ordered} before, now ${event.data.quantityOrdered}`));
  }
  return issues;
}

function creditIssues(event: CreditEvent, last: LastSeen, limits: ScoringLimits): string[] {
  const before = stateOf(last, 'credit-exposure');
  if (!before) return [];
  const { exposure, creditLimit, daysPastDue } = event.data;
  const issues: string[] = [];
  if (quantityRatio(before.exposure, exposure) > limits.maxJumpFactor) {
    issues.push(issue('exposure-jump', `exposure ${exposure} vs ${before.exposure} last seen (limit ${creditLimit})`));
  }
  if (quantityRatio(before.creditLimit, creditLimit) > limits.maxChangeFactor) {
    issues.push(issue('credit-limit-jump', `creditLimit ${creditLimit} vs ${before.creditLimit} last seen`));
  }
  // Days past due can grow by at most the days that passed (plus one for the cut-off).
  const elapsedDays = Math.ceil(Math.max(0, secondsBetween(last.factTime, event.time)) / 86_400);
  if (daysPastDue - before.daysPastDue > elapsedDays + 1) {
    issues.push(issue('days-past-due-jump', `daysPastDue ${daysPastDue} vs ${before.daysPastDue} ${elapsedDays} days earlier`));
  }
  return issues;
}

/** What to remember for the subject after this event; undefined keeps what is there. */
export function nextLastSeen(event: SourceEvent, last: LastSeen | undefined): LastSeen | undefined {
  const factTime = factTimeOf(event);
  if (event.type === EventTypes.OrdersShipmentStatusReportedV1) return nextShipments(event, last);
  if (event.type === EventTypes.ProcurementSupplierDeliveryRecordedV1) {
    const before = stateOf(last, 'deliveries');
    const quantityOrdered = { ...before?.quantityOrdered, [event.data.sku]: event.data.quantityOrdered };
    return { factTime, state: { kind: 'deliveries', supplierId: event.data.supplierId, quantityOrdered } };
  }
  // An older event does not overwrite a newer state.
  if (last && secondsBetween(last.factTime, factTime) < 0) return undefined;
  return { factTime, state: snapshotOf(event) };
}

function snapshotOf(event: Exclude<SourceEvent, ShipmentEvent | DeliveryEvent>): SubjectState {
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1: {
      const { onHand, allocated, inTransit, unitCost } = event.data;
      return { kind: 'inventory-level', onHand, allocated, inTransit, unitCost };
    }
    case EventTypes.InventoryDemandRecordedV1:
      return { kind: 'demand', date: event.data.date, quantity: event.data.quantity };
    case EventTypes.OrdersSalesOrderPlacedV1:
      return { kind: 'sales-order', customerId: event.data.customerId, location: event.data.location };
    case EventTypes.ProcurementSupplierTermsUpdatedV1: {
      const { unitCost, minOrderQuantity, quotedLeadTimeDays } = event.data;
      return { kind: 'supplier-terms', unitCost, minOrderQuantity, quotedLeadTimeDays };
    }
    case EventTypes.CreditCustomerExposureUpdatedV1: {
      const { creditLimit, exposure, daysPastDue } = event.data;
      return { kind: 'credit-exposure', creditLimit, exposure, daysPastDue };
    }
  }
}

function nextShipments(event: ShipmentEvent, last: LastSeen | undefined): LastSeen | undefined {
  const shipments = { ...stateOf(last, 'shipments')?.shipments };
  const before = shipments[event.data.shipmentId];
  if (before && secondsBetween(before.time, event.time) < 0) return undefined;
  delete shipments[event.data.shipmentId];
  shipments[event.data.shipmentId] = { status: event.data.status, time: event.time };
  const ids = Object.keys(shipments);
  // Insertion order is update order: the least recently updated shipments go first.
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_SHIPMENTS_PER_ORDER))) delete shipments[id];
  const factTime = last && secondsBetween(last.factTime, event.time) < 0 ? last.factTime : event.time;
  return { factTime, state: { kind: 'shipments', shipments } };
}

/** Shipments and deliveries are checked per shipment and per line, not by the subject's latest time. */
function isOrderedByFactTime(event: SourceEvent): boolean {
  return event.type !== EventTypes.OrdersShipmentStatusReportedV1 && event.type !== EventTypes.ProcurementSupplierDeliveryRecordedV1;
}

/** How many times larger one quantity is than the other; below 1 unit counts as 1. */
function quantityRatio(a: number, b: number): number {
  return Math.max(a, b) / Math.max(Math.min(a, b), 1);
}

/** How many times larger one price is than the other; a zero price has no ratio (1). */
function priceRatio(a: number, b: number): number {
  return a > 0 && b > 0 ? Math.max(a, b) / Math.min(a, b) : 1;
}
