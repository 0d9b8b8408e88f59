// Every `type` string, of the public contract and of Governor's internal events, in one constants object.
import { ACTION_APPROVED_V1 } from '../events/action/action-approved.v1';
import { ACTION_COMPENSATED_V1 } from '../events/action/action-compensated.v1';
import { ACTION_EXECUTED_V1 } from '../events/action/action-executed.v1';
import { ACTION_FAILED_V1 } from '../events/action/action-failed.v1';
import { AGENT_ACTION_PROPOSED_V1 } from '../events/agent/agent-action-proposed.v1';
import { CREDIT_CUSTOMER_EXPOSURE_UPDATED_V1 } from '../events/credit/credit-customer-exposure-updated.v1';
import { DEAD_LETTER_V1 } from '../events/dead-letter/dead-letter.v1';
import { DECISION_MADE_V1 } from '../events/decision/decision-made.v1';
import { DOMAIN_MODE_CHANGED_V1 } from '../events/domain/domain-mode-changed.v1';
import { INVENTORY_DEMAND_RECORDED_V1 } from '../events/inventory/inventory-demand-recorded.v1';
import { INVENTORY_LEVEL_REPORTED_V1 } from '../events/inventory/inventory-level-reported.v1';
import { ORDERS_SALES_ORDER_PLACED_V1 } from '../events/orders/orders-sales-order-placed.v1';
import { ORDERS_SHIPMENT_STATUS_REPORTED_V1 } from '../events/orders/orders-shipment-status-reported.v1';
import { PROCUREMENT_SUPPLIER_DELIVERY_RECORDED_V1 } from '../events/procurement/procurement-supplier-delivery-recorded.v1';
import { PROCUREMENT_SUPPLIER_TERMS_UPDATED_V1 } from '../events/procurement/procurement-supplier-terms-updated.v1';
import { QUALITY_EVENT_SCORED_V1 } from '../events/internal/quality-event-scored.v1';
import { QUALITY_FEED_HEALTH_REPORTED_V1 } from '../events/internal/quality-feed-health-reported.v1';
import { RISK_ACTION_PROPOSED_V1 } from '../events/internal/risk-action-proposed.v1';
import { RISK_MODEL_HEALTH_REPORTED_V1 } from '../events/internal/risk-model-health-reported.v1';
import { RESILIENCE_DOMAIN_HEALTH_REPORTED_V1 } from '../events/internal/resilience-domain-health-reported.v1';
import { POLICY_APPROVAL_RESOLVED_V1 } from '../events/internal/policy-approval-resolved.v1';
import { EXECUTION_REVIEW_REQUESTED_V1 } from '../events/internal/execution-review-requested.v1';
import { SECURITY_VIOLATION_RECORDED_V1 } from '../events/security/security-violation-recorded.v1';
import { RISK_MODEL_PROMOTED_V1 } from '../events/internal/risk-model-promoted.v1';
import { RISK_MODEL_RETIRED_V1 } from '../events/internal/risk-model-retired.v1';
import { AUDIT_CHECKPOINT_SIGNED_V1 } from '../events/audit/audit-checkpoint-signed.v1';
import { AUDIT_ENTRY_REQUESTED_V1 } from '../events/audit/audit-entry-requested.v1';
import { MASTERDATA_CUSTOMER_UPSERTED_V1 } from '../events/master-data/masterdata-customer-upserted.v1';
import { MASTERDATA_LOCATION_UPSERTED_V1 } from '../events/master-data/masterdata-location-upserted.v1';
import { MASTERDATA_SKU_UPSERTED_V1 } from '../events/master-data/masterdata-sku-upserted.v1';
import { MASTERDATA_SUPPLIER_UPSERTED_V1 } from '../events/master-data/masterdata-supplier-upserted.v1';

export const EventTypes = {
  InventoryLevelReportedV1: INVENTORY_LEVEL_REPORTED_V1,
  InventoryDemandRecordedV1: INVENTORY_DEMAND_RECORDED_V1,
  OrdersSalesOrderPlacedV1: ORDERS_SALES_ORDER_PLACED_V1,
  OrdersShipmentStatusReportedV1: ORDERS_SHIPMENT_STATUS_REPORTED_V1,
  ProcurementSupplierDeliveryRecordedV1: PROCUREMENT_SUPPLIER_DELIVERY_RECORDED_V1,
  ProcurementSupplierTermsUpdatedV1: PROCUREMENT_SUPPLIER_TERMS_UPDATED_V1,
  CreditCustomerExposureUpdatedV1: CREDIT_CUSTOMER_EXPOSURE_UPDATED_V1,
  // 1.1: master data (docs/contract.md section 7).
  MasterDataSkuUpsertedV1: MASTERDATA_SKU_UPSERTED_V1,
  MasterDataLocationUpsertedV1: MASTERDATA_LOCATION_UPSERTED_V1,
  MasterDataSupplierUpsertedV1: MASTERDATA_SUPPLIER_UPSERTED_V1,
  MasterDataCustomerUpsertedV1: MASTERDATA_CUSTOMER_UPSERTED_V1,
  AgentActionProposedV1: AGENT_ACTION_PROPOSED_V1,
  ActionApprovedV1: ACTION_APPROVED_V1,
  ActionExecutedV1: ACTION_EXECUTED_V1,
  ActionFailedV1: ACTION_FAILED_V1,
  ActionCompensatedV1: ACTION_COMPENSATED_V1,
  DecisionMadeV1: DECISION_MADE_V1,
  DomainModeChangedV1: DOMAIN_MODE_CHANGED_V1,
  DeadLetterV1: DEAD_LETTER_V1,
  // Internal: between Governor's own services (visibility 'internal' in TOPIC_REGISTRY).
  QualityEventScoredV1: QUALITY_EVENT_SCORED_V1,
  FeedHealthReportedV1: QUALITY_FEED_HEALTH_REPORTED_V1,
  RiskActionProposedV1: RISK_ACTION_PROPOSED_V1,
  ModelHealthReportedV1: RISK_MODEL_HEALTH_REPORTED_V1,
  DomainHealthReportedV1: RESILIENCE_DOMAIN_HEALTH_REPORTED_V1,
  ApprovalResolvedV1: POLICY_APPROVAL_RESOLVED_V1,
  ReviewRequestedV1: EXECUTION_REVIEW_REQUESTED_V1,
  SecurityViolationRecordedV1: SECURITY_VIOLATION_RECORDED_V1,
  ModelPromotedV1: RISK_MODEL_PROMOTED_V1,
  ModelRetiredV1: RISK_MODEL_RETIRED_V1,
  AuditCheckpointSignedV1: AUDIT_CHECKPOINT_SIGNED_V1,
  AuditEntryRequestedV1: AUDIT_ENTRY_REQUESTED_V1,
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
export const EVENT_TYPE_VALUES: readonly EventType[] = Object.values(EventTypes);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPE_VALUES as readonly string[]).includes(value);
}
