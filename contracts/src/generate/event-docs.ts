// Prose for the generated documentation: what each event means and what its `subject` holds
// (docs/contract.md sections 2 and 4, and Governor's internal events). Kept beside the generator, since no runtime code needs it.
import { EventTypes, type EventType } from '../registry/event-types';

export interface EventDoc {
  readonly title: string;
  readonly summary: string;
  /** What the envelope `subject`, and so the Kafka record key, holds. */
  readonly subject: string;
}

export const EVENT_DOCS: { readonly [K in EventType]: EventDoc } = {
  [EventTypes.InventoryLevelReportedV1]: {
    title: 'Inventory level reported',
    summary: 'Stock on hand, allocated and in transit for one SKU at one location.',
    subject: 'SKU@LOCATION',
  },
  [EventTypes.InventoryDemandRecordedV1]: {
    title: 'Inventory demand recorded',
    summary: 'Demand for one SKU at one location on one day.',
    subject: 'SKU@LOCATION',
  },
  [EventTypes.OrdersSalesOrderPlacedV1]: {
    title: 'Sales order placed',
    summary: 'A customer order with 1 to 500 lines.',
    subject: 'ORDER_ID',
  },
  [EventTypes.OrdersShipmentStatusReportedV1]: {
    title: 'Shipment status reported',
    summary: 'A status update on one shipment of an order.',
    subject: 'ORDER_ID',
  },
  [EventTypes.ProcurementSupplierDeliveryRecordedV1]: {
    title: 'Supplier delivery recorded',
    summary: 'Goods received against a purchase order.',
    subject: 'PO_ID',
  },
  [EventTypes.ProcurementSupplierTermsUpdatedV1]: {
    title: 'Supplier terms updated',
    summary: "A supplier's unit cost, minimum order quantity and quoted lead time for one SKU.",
    subject: 'SUPPLIER@SKU',
  },
  [EventTypes.CreditCustomerExposureUpdatedV1]: {
    title: 'Customer exposure updated',
    summary: "A customer's credit limit, exposure and days past due.",
    subject: 'CUSTOMER_ID',
  },
  [EventTypes.MasterDataSkuUpsertedV1]: {
    title: 'SKU master data upserted (1.1)',
    summary: "A SKU's master record: description, unit of measure, standard unit cost, whether it is active, and its owner.",
    subject: 'SKU',
  },
  [EventTypes.MasterDataLocationUpsertedV1]: {
    title: 'Location master data upserted (1.1)',
    summary: "A location's master record: name, whether it is active, and its owner.",
    subject: 'LOCATION',
  },
  [EventTypes.MasterDataSupplierUpsertedV1]: {
    title: 'Supplier master data upserted (1.1)',
    summary: "A supplier's master record: name, whether it is active, and its owner.",
    subject: 'SUPPLIER_ID',
  },
  [EventTypes.MasterDataCustomerUpsertedV1]: {
    title: 'Customer master data upserted (1.1)',
    summary: "A customer's master record: name, whether it is active, and its owner.",
    subject: 'CUSTOMER_ID',
  },
  [EventTypes.AgentActionProposedV1]: {
    title: 'Action proposed by an agent',
    summary: 'An AI agent proposes an action (docs/contract.md section 3); policy decides what happens to it.',
    subject: 'ACTION_ID',
  },
  [EventTypes.ActionApprovedV1]: {
    title: 'Action approved',
    summary: 'An action to execute, with its approval and lineage. Published exactly once per actionId.',
    subject: 'actionId',
  },
  [EventTypes.ActionExecutedV1]: {
    title: 'Action executed',
    summary: 'A downstream system carried out an approved action.',
    subject: 'actionId',
  },
  [EventTypes.ActionFailedV1]: {
    title: 'Action failed',
    summary: 'An approved action could not be carried out; `error` says why.',
    subject: 'actionId',
  },
  [EventTypes.ActionCompensatedV1]: {
    title: 'Action compensated',
    summary: 'An executed action was undone.',
    subject: 'actionId',
  },
  [EventTypes.DecisionMadeV1]: {
    title: 'Decision made',
    summary: 'The policy decision on a proposed action and the policies that made it.',
    subject: 'actionId',
  },
  [EventTypes.DomainModeChangedV1]: {
    title: 'Domain mode changed',
    summary: 'A domain entered a new mode, by the circuit breaker or an operator override.',
    subject: 'the domain',
  },
  [EventTypes.DeadLetterV1]: {
    title: 'Dead letter',
    summary: 'An input that could not be accepted, with where it came from and why.',
    subject: 'the original record key, or `unknown`',
  },
  [EventTypes.QualityEventScoredV1]: {
    title: 'Event scored (internal)',
    summary: 'A validated source event with its data-quality score per dimension.',
    subject: "the original event's subject",
  },
  [EventTypes.FeedHealthReportedV1]: {
    title: 'Feed health reported (internal)',
    summary: 'Rate, staleness, invalid ratio and mean quality score of one source feed over a window.',
    subject: 'FEED_SOURCE|TOPIC',
  },
  [EventTypes.RiskActionProposedV1]: {
    title: 'Action proposed by predictive risk (internal)',
    summary:
      'An action proposed by the predictive-risk service, with its features, data quality and lineage.',
    subject: 'actionId',
  },
  [EventTypes.ModelHealthReportedV1]: {
    title: 'Model health reported (internal)',
    summary: 'Input drift (PSI) and forecast bias of one predictive model.',
    subject: 'modelId',
  },
  [EventTypes.DomainHealthReportedV1]: {
    title: 'Domain health reported (internal)',
    summary: 'The health score of one business domain and the signals that lowered it.',
    subject: 'the domain',
  },
  [EventTypes.ApprovalResolvedV1]: {
    title: 'Approval resolved (internal)',
    summary: 'A human approval task was approved, rejected or expired.',
    subject: 'actionId',
  },
  [EventTypes.ReviewRequestedV1]: {
    title: 'Review requested (internal)',
    summary: 'An approved action is held for human review before execution, e.g. in probation.',
    subject: 'actionId',
  },
  [EventTypes.SecurityViolationRecordedV1]: {
    title: 'Security violation recorded (internal)',
    summary: 'A refused API call (401, 403; grouped per user, route and minute) or an approved action whose signature did not verify.',
    subject: 'the service that refused it',
  },
  [EventTypes.ModelPromotedV1]: {
    title: 'Model promoted (internal)',
    summary:
      'A model version became champion in the model registry, by a deployment or a person, with what it replaced, its evidence against that champion and the reason.',
    subject: 'modelId',
  },
  [EventTypes.ModelRetiredV1]: {
    title: 'Model retired (internal)',
    summary:
      'A refit was retired in the model registry without becoming champion: it did worse than the champion, a newer refit superseded it, or the champion it was validated against was replaced.',
    subject: 'modelId',
  },
  [EventTypes.AuditCheckpointSignedV1]: {
    title: 'Audit checkpoint signed (internal)',
    summary: 'A signed checkpoint of the audit chain head; the envelope signature covers data.',
    subject: 'audit-log',
  },
  [EventTypes.AuditEntryRequestedV1]: {
    title: 'Audit entry requested (internal)',
    summary: 'Something another service did that policy-enforcement appends to the audit log: a source registered, a store pruned.',
    subject: 'the entry subject, e.g. source:urn:wms:dc-east',
  },
};
