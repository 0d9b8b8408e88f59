// Completeness: the share of the fields an event of its type should carry that are present and
// non-empty. The contract already refuses events without a required field, so what lowers this
// score in practice is an optional field left out (currency, a shipment's eta) and placeholder
// text a source writes where it has no value ("N/A", "unknown", "-").
import { EventTypes, ShipmentStatuses } from '@governor/contracts';
import { DimensionScore, issue } from './dimension';
import type { SourceEvent } from './source-event';

interface ExpectedField {
  name: string;
  value: unknown;
  required: boolean;
}

const PLACEHOLDERS = new Set(['n/a', 'na', 'null', 'none', 'nil', 'unknown', 'undefined', 'tbd', '-', '?']);

export function scoreCompleteness(event: SourceEvent, optionalFieldWeight: number): DimensionScore {
  let expected = 0;
  let present = 0;
  const issues: string[] = [];
  for (const field of expectedFields(event)) {
    const weight = field.required ? 1 : optionalFieldWeight;
    expected += weight;
    const emptiness = emptinessOf(field.value);
    if (emptiness === undefined) {
      present += weight;
    } else {
      issues.push(issue(emptiness, `${field.name}${field.required ? '' : ' (optional)'}`));
    }
  }
  return { score: expected === 0 ? 1 : present / expected, issues };
}

/** undefined when the value is there; otherwise the issue code that says how it is missing. */
function emptinessOf(value: unknown): 'missing-field' | 'empty-field' | undefined {
  if (value === undefined || value === null) return 'missing-field';
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || PLACEHOLDERS.has(text.toLowerCase())) return 'empty-field';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'empty-field';
    // A line whose sku is a placeholder makes the whole list incomplete.
    if (value.some((item) => typeof item === 'object' && item !== null && emptinessOf((item as { sku?: unknown }).sku))) {
      return 'empty-field';
    }
  }
  return undefined;
}

function required(data: object, names: string[]): ExpectedField[] {
  const record = data as Record<string, unknown>;
  return names.map((name) => ({ name, value: record[name], required: true }));
}

function optional(data: object, name: string): ExpectedField {
  return { name, value: (data as Record<string, unknown>)[name], required: false };
}

function expectedFields(event: SourceEvent): ExpectedField[] {
  switch (event.type) {
    case EventTypes.InventoryLevelReportedV1:
      return required(event.data, ['sku', 'location', 'onHand', 'allocated', 'inTransit', 'unitCost', 'asOf']);
    case EventTypes.InventoryDemandRecordedV1:
      return required(event.data, ['sku', 'location', 'date', 'quantity']);
    case EventTypes.OrdersSalesOrderPlacedV1:
      return [
        ...required(event.data, ['orderId', 'customerId', 'location', 'requestedShipDate', 'priority', 'lines']),
        optional(event.data, 'currency'),
      ];
    case EventTypes.OrdersShipmentStatusReportedV1: {
      const fields = required(event.data, ['orderId', 'shipmentId', 'status', 'carrier']);
      // A delivered shipment has no use for an estimate any more.
      return event.data.status === ShipmentStatuses.Delivered ? fields : [...fields, optional(event.data, 'eta')];
    }
    case EventTypes.ProcurementSupplierDeliveryRecordedV1:
      return required(event.data, [
        'purchaseOrderId',
        'supplierId',
        'sku',
        'location',
        'quantityOrdered',
        'quantityReceived',
        'promisedDate',
        'receivedDate',
      ]);
    case EventTypes.ProcurementSupplierTermsUpdatedV1:
      return required(event.data, ['supplierId', 'sku', 'unitCost', 'minOrderQuantity', 'quotedLeadTimeDays']);
    case EventTypes.CreditCustomerExposureUpdatedV1:
      return [
        ...required(event.data, ['customerId', 'creditLimit', 'exposure', 'daysPastDue']),
        optional(event.data, 'currency'),
      ];
  }
}
