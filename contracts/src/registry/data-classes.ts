// Which class validates the `data` of which event type, and the typed events that follow from it.
import { type CloudEvent } from '../envelope/cloud-event';
import { ActionApprovedV1 } from '../events/action/action-approved.v1';
import { ActionCompensatedV1 } from '../events/action/action-compensated.v1';
import { ActionExecutedV1 } from '../events/action/action-executed.v1';
import { ActionFailedV1 } from '../events/action/action-failed.v1';
import { ActionProposedV1 } from '../events/agent/agent-action-proposed.v1';
import { CustomerExposureUpdatedV1 } from '../events/credit/credit-customer-exposure-updated.v1';
import { DeadLetterV1 } from '../events/dead-letter/dead-letter.v1';
import { DecisionMadeV1 } from '../events/decision/decision-made.v1';
import { DomainModeChangedV1 } from '../events/domain/domain-mode-changed.v1';
import { InventoryDemandRecordedV1 } from '../events/inventory/inventory-demand-recorded.v1';
import { InventoryLevelReportedV1 } from '../events/inventory/inventory-level-reported.v1';
import { SalesOrderPlacedV1 } from '../events/orders/orders-sales-order-placed.v1';
import { ShipmentStatusReportedV1 } from '../events/orders/orders-shipment-status-reported.v1';
import { SupplierDeliveryRecordedV1 } from '../events/procurement/procurement-supplier-delivery-recorded.v1';
import { SupplierTermsUpdatedV1 } from '../events/procurement/procurement-supplier-terms-updated.v1';
import { QualityEventScoredV1 } from '../events/internal/quality-event-scored.v1';
import { FeedHealthReportedV1 } from '../events/internal/quality-feed-health-reported.v1';
import { RiskActionProposedV1 } from '../events/internal/risk-action-proposed.v1';
import { ModelHealthReportedV1 } from '../events/internal/risk-model-health-reported.v1';
import { DomainHealthReportedV1 } from '../events/internal/resilience-domain-health-reported.v1';
import { ApprovalResolvedV1 } from '../events/internal/policy-approval-resolved.v1';
import { ReviewRequestedV1 } from '../events/internal/execution-review-requested.v1';
import { SecurityViolationRecordedV1 } from '../events/security/security-violation-recorded.v1';
import { ModelPromotedV1 } from '../events/internal/risk-model-promoted.v1';
import { ModelRetiredV1 } from '../events/internal/risk-model-retired.v1';
import { AuditCheckpointSignedV1 } from '../events/audit/audit-checkpoint-signed.v1';
import { AuditEntryRequestedV1 } from '../events/audit/audit-entry-requested.v1';
import { CustomerUpsertedV1 } from '../events/master-data/masterdata-customer-upserted.v1';
import { LocationUpsertedV1 } from '../events/master-data/masterdata-location-upserted.v1';
import { SkuUpsertedV1 } from '../events/master-data/masterdata-sku-upserted.v1';
import { SupplierUpsertedV1 } from '../events/master-data/masterdata-supplier-upserted.v1';
import { EventTypes, type EventType } from './event-types';

/** A class-validator class with a no-argument constructor, as plainToInstance needs. */
export type DataClass<T extends object = object> = new () => T;

// `satisfies` makes a missing or extra event type a compile error.
export const DATA_CLASSES = {
  [EventTypes.InventoryLevelReportedV1]: InventoryLevelReportedV1,
  [EventTypes.InventoryDemandRecordedV1]: InventoryDemandRecordedV1,
  [EventTypes.OrdersSalesOrderPlacedV1]: SalesOrderPlacedV1,
  [EventTypes.OrdersShipmentStatusReportedV1]: ShipmentStatusReportedV1,
  [EventTypes.ProcurementSupplierDeliveryRecordedV1]: SupplierDeliveryRecordedV1,
  [EventTypes.ProcurementSupplierTermsUpdatedV1]: SupplierTermsUpdatedV1,
  [EventTypes.CreditCustomerExposureUpdatedV1]: CustomerExposureUpdatedV1,
  [EventTypes.MasterDataSkuUpsertedV1]: SkuUpsertedV1,
  [EventTypes.MasterDataLocationUpsertedV1]: LocationUpsertedV1,
  [EventTypes.MasterDataSupplierUpsertedV1]: SupplierUpsertedV1,
  [EventTypes.MasterDataCustomerUpsertedV1]: CustomerUpsertedV1,
  [EventTypes.AgentActionProposedV1]: ActionProposedV1,
  [EventTypes.ActionApprovedV1]: ActionApprovedV1,
  [EventTypes.ActionExecutedV1]: ActionExecutedV1,
  [EventTypes.ActionFailedV1]: ActionFailedV1,
  [EventTypes.ActionCompensatedV1]: ActionCompensatedV1,
  [EventTypes.DecisionMadeV1]: DecisionMadeV1,
  [EventTypes.DomainModeChangedV1]: DomainModeChangedV1,
  [EventTypes.DeadLetterV1]: DeadLetterV1,
  [EventTypes.QualityEventScoredV1]: QualityEventScoredV1,
  [EventTypes.FeedHealthReportedV1]: FeedHealthReportedV1,
  [EventTypes.RiskActionProposedV1]: RiskActionProposedV1,
  [EventTypes.ModelHealthReportedV1]: ModelHealthReportedV1,
  [EventTypes.DomainHealthReportedV1]: DomainHealthReportedV1,
  [EventTypes.ApprovalResolvedV1]: ApprovalResolvedV1,
  [EventTypes.ReviewRequestedV1]: ReviewRequestedV1,
  [EventTypes.SecurityViolationRecordedV1]: SecurityViolationRecordedV1,
  [EventTypes.ModelPromotedV1]: ModelPromotedV1,
  [EventTypes.ModelRetiredV1]: ModelRetiredV1,
  [EventTypes.AuditCheckpointSignedV1]: AuditCheckpointSignedV1,
  [EventTypes.AuditEntryRequestedV1]: AuditEntryRequestedV1,
} as const satisfies { readonly [K in EventType]: DataClass };

/** `EventDataMap['inventory.level-reported.v1']` is InventoryLevelReportedV1. */
export type EventDataMap = { [K in EventType]: InstanceType<(typeof DATA_CLASSES)[K]> };

/** The typed event of one type: `ContractEvent<'decision.made.v1'>`. */
export type ContractEvent<K extends EventType> = CloudEvent<EventDataMap[K], K>;

/** Any contract event; narrow it with a check on `type`. */
export type AnyContractEvent = { [K in EventType]: ContractEvent<K> }[EventType];

export function dataClassOf<K extends EventType>(type: K): DataClass<EventDataMap[K]> {
  // TypeScript cannot correlate an indexed access with a generic key; the satisfies above is the check.
  return DATA_CLASSES[type] as DataClass<EventDataMap[K]>;
}
