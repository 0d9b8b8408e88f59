// @governor/contracts: the public contract of Governor (docs/contract.md sections 1-4) as code. Event
// classes, type strings, topic names, action types and the parser all live here and nowhere else.
import 'reflect-metadata';

export * from './common/domains';
export * from './common/decisions';
export * from './common/order-priorities';
export type { ValueOf } from './common/value-of';

export * from './envelope/cloud-event';
export * from './envelope/envelope';

export * from './actions/action-types';
export * from './actions/action-parameters';
export * from './actions/create-purchase-order.parameters';
export * from './actions/expedite-supplier.parameters';
export * from './actions/transfer-stock.parameters';
export * from './actions/reprioritize-order.parameters';
export * from './actions/release-order-hold.parameters';
export * from './actions/place-order-hold.parameters';
export * from './actions/notify-planner.parameters';
export * from './actions/promote-model-version.parameters';

export * from './events/inventory/inventory-level-reported.v1';
export * from './events/inventory/inventory-demand-recorded.v1';
export * from './events/orders/orders-sales-order-placed.v1';
export * from './events/orders/orders-shipment-status-reported.v1';
export * from './events/procurement/procurement-supplier-delivery-recorded.v1';
export * from './events/procurement/procurement-supplier-terms-updated.v1';
export * from './events/credit/credit-customer-exposure-updated.v1';
export * from './events/agent/agent-action-proposed.v1';
export * from './events/action/action-approved.v1';
export * from './events/action/action-outcome.v1';
export * from './events/action/action-executed.v1';
export * from './events/action/action-failed.v1';
export * from './events/action/action-compensated.v1';
export * from './events/decision/decision-made.v1';
export * from './events/domain/domain-mode-changed.v1';
export * from './events/dead-letter/dead-letter.v1';
export * from './events/internal/quality-event-scored.v1';
export * from './events/internal/quality-feed-health-reported.v1';
export * from './events/internal/risk-action-proposed.v1';
export * from './events/internal/risk-model-health-reported.v1';
export * from './events/internal/risk-model-promoted.v1';
export * from './events/internal/risk-model-retired.v1';
export * from './events/internal/resilience-domain-health-reported.v1';
export * from './events/internal/policy-approval-resolved.v1';
export * from './events/internal/execution-review-requested.v1';
export * from './events/security/security-violation-recorded.v1';
export * from './events/audit/audit-checkpoint-signed.v1';
export * from './events/audit/audit-entry-requested.v1';
export * from './events/master-data/master-data-common';
export * from './events/master-data/masterdata-sku-upserted.v1';
export * from './events/master-data/masterdata-location-upserted.v1';
export * from './events/master-data/masterdata-supplier-upserted.v1';
export * from './events/master-data/masterdata-customer-upserted.v1';

export * from './registry/event-types';
export * from './registry/data-classes';
export * from './registry/topics';
export * from './registry/principals';
export * from './registry/kafka-acls';
export * from './registry/limits';
export * from './registry/headers';

export * from './parse-error';
export * from './parse';
export { isCalendarDate, isRfc3339Timestamp } from './validation/formats';
export type { ClassValidation, FieldError } from './validation/validate-class';

