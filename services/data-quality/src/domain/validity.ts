// Validity: the ranges and cross-field rules a correct record of its type satisfies, beyond what
// the contract's schema can say (it checks each field alone). Each broken rule is one issue and
// costs `validityIssuePenalty`.
import { EventTypes } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import { dayNumber, dayOfTimestamp, secondsBetween } from './calendar';
import { DimensionScore, issue, scoreFromIssues } from './dimension';
import type { ScoringConfig, ScoringLimits } from './scoring-config';
import { expectedSubjectOf, type SourceEvent } from './source-event';

export function scoreValidity(event: SourceEvent, config: Pick<ScoringConfig, 'limits' | 'validityIssuePenalty'>): DimensionScore {
  const issues: string[] = [];
  const subject = expectedSubjectOf(event);
  if (event.subject !== subject) {
    issues.push(issue('subject-mismatch', `subject "${event.subject}" but the data says "${subject}"`));
  }
  issues.push(...typeRules(event, config.limits));
  return scoreFromIssues(issues, config.validityIssuePenalty);
}

function typeRules(event: SourceEvent, limits: ScoringLimits): string[] {
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
      return levelRules(event, limits);
    case EventTypes.InventoryDemandRecordedV1:
      return [
        ...quantities(limits, { quantity: event.data.quantity }),
        ...notAfterEventDay('date-after-time', 'date', event.data.date, event.time),
      ];
    case EventTypes.OrdersSalesOrderPlacedV1:
      return salesOrderRules(event, limits);
    case EventTypes.OrdersShipmentStatusReportedV1:
      // Nothing to cross-check: an eta in the past is a late shipment, which is news, not bad data.
      return [];
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      return deliveryRules(event, limits);
    case EventTypes.ProcurementSupplierTermsUpdatedV1: {
      const { unitCost, minOrderQuantity, quotedLeadTimeDays } = event.data;
      const issues = [...amounts(limits, { unitCost }), ...quantities(limits, { minOrderQuantity })];
      if (quotedLeadTimeDays > limits.maxLeadTimeDays) {
        issues.push(issue('implausible-lead-time', `quotedLeadTimeDays ${quotedLeadTimeDays} > ${limits.maxLeadTimeDays}`));
      }
      return issues;
    }
    case EventTypes.CreditCustomerExposureUpdatedV1:
      return creditRules(event, limits);
  }
}

function levelRules(event: ContractEvent<typeof EventTypes.InventoryLevelReportedV1>, limits: ScoringLimits): string[] {
  const { onHand, allocated, inTransit, unitCost, asOf } = event.data;
  const issues = [...quantities(limits, { onHand, allocated, inTransit }), ...amounts(limits, { unitCost })];
  if (allocated > onHand + inTransit) {
    issues.push(issue('allocated-exceeds-available', `allocated ${allocated} > onHand ${onHand} + inTransit ${inTransit}`));
  }
  if (secondsBetween(event.time, asOf) > limits.clockSkewSeconds) {
    issues.push(issue('as-of-after-time', `asOf ${asOf} is later than the event time ${event.time}`));
  }
  return issues;
}

function salesOrderRules(event: ContractEvent<typeof EventTypes.OrdersSalesOrderPlacedV1>, limits: ScoringLimits): string[] {
  const issues: string[] = [];
  if (dayNumber(event.data.requestedShipDate) < dayOfTimestamp(event.time) - 1) {
    issues.push(issue('ship-date-before-order', `requestedShipDate ${event.data.requestedShipDate} is before the order time ${event.time}`));
  }
  let orderValue = 0;
  event.data.lines.forEach((line, i) => {
    if (line.quantity <= 0) issues.push(issue('zero-quantity-line', `lines[${i}] (${line.sku}) orders ${line.quantity}`));
    issues.push(...quantities(limits, { [`lines[${i}].quantity`]: line.quantity }));
    issues.push(...amounts(limits, { [`lines[${i}].unitPrice`]: line.unitPrice }));
    orderValue += line.quantity * line.unitPrice;
  });
  if (orderValue > limits.maxPlausibleAmount) {
    issues.push(issue('implausible-amount', `order value ${orderValue} > ${limits.maxPlausibleAmount}`));
  }
  return issues;
}

function deliveryRules(event: ContractEvent<typeof EventTypes.ProcurementSupplierDeliveryRecordedV1>, limits: ScoringLimits): string[] {
  const { quantityOrdered, quantityReceived, promisedDate, receivedDate } = event.data;
  const issues = quantities(limits, { quantityOrdered, quantityReceived });
  if (quantityOrdered <= 0) issues.push(issue('zero-quantity-ordered', `quantityOrdered ${quantityOrdered}`));
  if (quantityReceived > quantityOrdered * limits.maxReceivedOverOrdered) {
    issues.push(
      issue('over-received', `quantityReceived ${quantityReceived} > quantityOrdered ${quantityOrdered} * ${limits.maxReceivedOverOrdered}`),
    );
  }
  if (dayNumber(receivedDate) < dayNumber(promisedDate) - limits.maxReceivedBeforePromisedDays) {
    issues.push(
      issue('received-long-before-promised', `receivedDate ${receivedDate} is more than ${limits.maxReceivedBeforePromisedDays} days before promisedDate ${promisedDate}`),
    );
  }
  issues.push(...notAfterEventDay('received-after-time', 'receivedDate', receivedDate, event.time));
  return issues;
}

function creditRules(event: ContractEvent<typeof EventTypes.CreditCustomerExposureUpdatedV1>, limits: ScoringLimits): string[] {
  const { creditLimit, exposure, daysPastDue } = event.data;
  const issues = amounts(limits, { creditLimit, exposure });
  // Over the limit happens; many times over it is a wrong number somewhere.
  if (exposure > Math.max(creditLimit, 1) * limits.maxExposureOverLimit) {
    issues.push(issue('implausible-exposure', `exposure ${exposure} > ${limits.maxExposureOverLimit} x creditLimit ${creditLimit}`));
  }
  if (daysPastDue > limits.maxDaysPastDue) {
    issues.push(issue('implausible-days-past-due', `daysPastDue ${daysPastDue} > ${limits.maxDaysPastDue}`));
  }
  return issues;
}

function quantities(limits: ScoringLimits, values: Record<string, number>): string[] {
  return Object.entries(values).flatMap(([name, value]) => {
    if (value < 0) return [issue('negative-quantity', `${name} ${value}`)];
    if (value > limits.maxPlausibleQuantity) return [issue('implausible-quantity', `${name} ${value} > ${limits.maxPlausibleQuantity}`)];
    return [];
  });
}

function amounts(limits: ScoringLimits, values: Record<string, number>): string[] {
  return Object.entries(values).flatMap(([name, value]) => {
    if (value < 0) return [issue('negative-amount', `${name} ${value}`)];
    if (value > limits.maxPlausibleAmount) return [issue('implausible-amount', `${name} ${value} > ${limits.maxPlausibleAmount}`)];
    return [];
  });
}

/** A business date may be at most one day after the day of the event (time zones), never later. */
function notAfterEventDay(code: string, name: string, date: string, eventTime: string): string[] {
  return dayNumber(date) > dayOfTimestamp(eventTime) + 1 ? [issue(code, `${name} ${date} is after the event time ${eventTime}`)] : [];
}
