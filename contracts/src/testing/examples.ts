// One valid example event per contract type, for tests across the repository. Plain JSON-shaped
// objects (data is not a class instance), exactly what a producer would serialize.
import { ActionTypes } from '../actions/action-types';
import { ApprovalModes, ApprovalOutcomes, DecisionOutcomes } from '../common/decisions';
import { DomainModes, Domains } from '../common/domains';
import { OrderPriorities } from '../common/order-priorities';
import { type CloudEvent } from '../envelope/cloud-event';
import { ShipmentStatuses } from '../events/orders/orders-shipment-status-reported.v1';
import { SecurityViolationKinds } from '../events/security/security-violation-recorded.v1';
import { AUDIT_CHECKPOINT_SUBJECT } from '../events/audit/audit-checkpoint-signed.v1';
import { type ContractEvent, type EventDataMap } from '../registry/data-classes';
import { EventTypes, type EventType } from '../registry/event-types';
import { Topics } from '../registry/topics';
import { ContractErrorCodes } from '../parse-error';

const TIME = '2025-03-03T08:15:00Z';

function envelope<K extends EventType>(type: K, source: string, subject: string, data: EventDataMap[K]) {
  const event: CloudEvent<EventDataMap[K], K> = {
    specversion: '1.0',
    id: `example-${type}`,
    source,
    type,
    subject,
    time: TIME,
    datacontenttype: 'application/json',
    data,
  };
  return event;
}

const outcome = {
  actionId: 'act-0001',
  actionType: ActionTypes.CreatePurchaseOrder,
  adapter: 'erp',
} as const;

const purchaseOrder = {
  supplierId: 'SUP-17',
  sku: 'SKU-1001',
  location: 'DC-EAST',
  quantity: 400,
  unitCost: 12.5,
  amount: 5000,
  needBy: '2025-03-10',
};

const levelReported = envelope(EventTypes.InventoryLevelReportedV1, 'urn:wms:dc-east', 'SKU-1001@DC-EAST', {
  sku: 'SKU-1001',
  location: 'DC-EAST',
  onHand: 120,
  allocated: 30,
  inTransit: 40,
  unitCost: 12.5,
  asOf: '2025-03-03T08:00:00Z',
});

const approved = envelope(EventTypes.ActionApprovedV1, 'urn:governor:policy-enforcement', 'act-0001', {
  actionId: 'act-0001',
  actionType: ActionTypes.CreatePurchaseOrder,
  domain: Domains.Procurement,
  parameters: { ...purchaseOrder },
  idempotencyKey: 'act-0001',
  approval: {
    mode: ApprovalModes.Human,
    approvers: ['u-planner-1'],
    decisionId: 'dec-0001',
    policyVersion: '3',
  },
  lineage: {
    sourceEvents: [
      {
        source: 'urn:wms:dc-east',
        id: 'example-inventory.level-reported.v1',
        type: EventTypes.InventoryLevelReportedV1,
      },
    ],
    dataQuality: { score: 0.95, issues: [] },
    model: { id: 'replenisher-llm', version: '2025-02-01', confidence: 0.87 },
    agentId: 'replenisher',
  },
});

const clean = { score: 1, issues: [] };

const examples: { readonly [K in EventType]: ContractEvent<K> } = {
  [EventTypes.InventoryLevelReportedV1]: levelReported,
  [EventTypes.InventoryDemandRecordedV1]: envelope(
    EventTypes.InventoryDemandRecordedV1,
    'urn:erp:plant-1000',
    'SKU-1001@DC-EAST',
    {
      sku: 'SKU-1001',
      location: 'DC-EAST',
      date: '2025-03-02',
      quantity: 18,
    },
  ),
  [EventTypes.OrdersSalesOrderPlacedV1]: envelope(
    EventTypes.OrdersSalesOrderPlacedV1,
    'urn:erp:plant-1000',
    'SO-50001',
    {
      orderId: 'SO-50001',
      customerId: 'CUST-042',
      location: 'DC-EAST',
      requestedShipDate: '2025-03-05',
      priority: OrderPriorities.Standard,
      currency: 'USD',
      lines: [
        { sku: 'SKU-1001', quantity: 10, unitPrice: 19.99 },
        { sku: 'SKU-2002', quantity: 2, unitPrice: 149 },
      ],
    },
  ),
  [EventTypes.OrdersShipmentStatusReportedV1]: envelope(
    EventTypes.OrdersShipmentStatusReportedV1,
    'urn:tms:carrier-hub',
    'SO-50001',
    {
      orderId: 'SO-50001',
      shipmentId: 'SHP-9001',
      status: ShipmentStatuses.Dispatched,
      carrier: 'ACME Freight',
      eta: '2025-03-06T17:00:00+01:00',
    },
  ),
  [EventTypes.ProcurementSupplierDeliveryRecordedV1]: envelope(
    EventTypes.ProcurementSupplierDeliveryRecordedV1,
    'urn:erp:plant-1000',
    'PO-7001',
    {
      purchaseOrderId: 'PO-7001',
      supplierId: 'SUP-17',
      sku: 'SKU-1001',
      location: 'DC-EAST',
      quantityOrdered: 500,
      quantityReceived: 480,
      promisedDate: '2025-02-28',
      receivedDate: '2025-03-03',
    },
  ),
  [EventTypes.ProcurementSupplierTermsUpdatedV1]: envelope(
    EventTypes.ProcurementSupplierTermsUpdatedV1,
    'urn:erp:plant-1000',
    'SUP-17@SKU-1001',
    {
      supplierId: 'SUP-17',
      sku: 'SKU-1001',
      unitCost: 12.5,
      minOrderQuantity: 100,
      quotedLeadTimeDays: 7,
    },
  ),
  [EventTypes.CreditCustomerExposureUpdatedV1]: envelope(
    EventTypes.CreditCustomerExposureUpdatedV1,
    'urn:finance:ar',
    'CUST-042',
    {
      customerId: 'CUST-042',
      creditLimit: 50000,
      exposure: 41250.75,
      daysPastDue: 12,
      currency: 'USD',
    },
  ),
  [EventTypes.MasterDataSkuUpsertedV1]: envelope(EventTypes.MasterDataSkuUpsertedV1, 'urn:erp:plant-1000', 'SKU-1001', {
    sku: 'SKU-1001',
    description: 'Pallet wrap, 500 mm',
    unitOfMeasure: 'EA',
    standardCost: 12.5,
    currency: 'USD',
    active: true,
    owner: 'team:procurement',
  }),
  [EventTypes.MasterDataLocationUpsertedV1]: envelope(EventTypes.MasterDataLocationUpsertedV1, 'urn:erp:plant-1000', 'DC-EAST', {
    location: 'DC-EAST',
    name: 'Distribution centre east',
    kind: 'dc',
    active: true,
    owner: 'team:inventory',
  }),
  [EventTypes.MasterDataSupplierUpsertedV1]: envelope(EventTypes.MasterDataSupplierUpsertedV1, 'urn:erp:plant-1000', 'SUP-17', {
    supplierId: 'SUP-17',
    name: 'Northwind Packaging',
    active: true,
    owner: 'team:procurement',
  }),
  [EventTypes.MasterDataCustomerUpsertedV1]: envelope(EventTypes.MasterDataCustomerUpsertedV1, 'urn:erp:plant-1000', 'CUST-042', {
    customerId: 'CUST-042',
    name: 'Harbor Retail',
    active: true,
    owner: 'team:credit',
  }),
  [EventTypes.AgentActionProposedV1]: envelope(
    EventTypes.AgentActionProposedV1,
    'urn:agent:replenisher',
    'act-0001',
    {
      actionId: 'act-0001',
      agentId: 'replenisher',
      actionType: ActionTypes.CreatePurchaseOrder,
      parameters: {
        supplierId: 'SUP-17',
        sku: 'SKU-1001',
        location: 'DC-EAST',
        quantity: 400,
        unitCost: 12.5,
        amount: 5000,
        needBy: '2025-03-10',
      },
      confidence: 0.87,
      rationale: 'Projected stock-out in 4 days at current demand.',
      modelId: 'replenisher-llm',
      modelVersion: '2025-02-01',
    },
  ),
  [EventTypes.ActionApprovedV1]: approved,
  [EventTypes.ActionExecutedV1]: envelope(
    EventTypes.ActionExecutedV1,
    'urn:governor:action-executor',
    'act-0001',
    {
      ...outcome,
      externalReference: 'ERP-PO-88812',
      attempts: 1,
    },
  ),
  [EventTypes.ActionFailedV1]: envelope(
    EventTypes.ActionFailedV1,
    'urn:governor:action-executor',
    'act-0001',
    {
      ...outcome,
      error: 'ERP rejected the order: supplier blocked',
      attempts: 3,
    },
  ),
  [EventTypes.ActionCompensatedV1]: envelope(
    EventTypes.ActionCompensatedV1,
    'urn:governor:action-executor',
    'act-0001',
    {
      ...outcome,
      externalReference: 'ERP-PO-88812',
      attempts: 1,
    },
  ),
  [EventTypes.DecisionMadeV1]: envelope(
    EventTypes.DecisionMadeV1,
    'urn:governor:policy-enforcement',
    'act-0001',
    {
      decisionId: 'dec-0001',
      actionId: 'act-0001',
      actionType: ActionTypes.CreatePurchaseOrder,
      domain: Domains.Procurement,
      outcome: DecisionOutcomes.ApprovalRequired,
      reasons: ['po-amount-over-auto-limit'],
      policyVersion: '3',
      domainMode: DomainModes.Automated,
    },
  ),
  [EventTypes.DomainModeChangedV1]: envelope(
    EventTypes.DomainModeChangedV1,
    'urn:governor:circuit-breaker',
    Domains.Credit,
    {
      domain: Domains.Credit,
      mode: DomainModes.ManualFallback,
      previousMode: DomainModes.Automated,
      reason: 'Override rate 42% over the last hour exceeds 25%.',
      triggeredBy: 'breaker',
      since: TIME,
    },
  ),
  [EventTypes.DeadLetterV1]: envelope(EventTypes.DeadLetterV1, 'urn:governor:parse', 'unknown', {
    topic: Topics.SourceInventoryV1,
    partition: 2,
    offset: '1045',
    stage: 'parse',
    errorCode: ContractErrorCodes.NotJson,
    error: 'value is not JSON: Unexpected token',
    original: '{"specversion": "1.0", ',
  }),
  [EventTypes.QualityEventScoredV1]: envelope(
    EventTypes.QualityEventScoredV1,
    'urn:governor:data-quality',
    levelReported.subject,
    {
      sourceTopic: Topics.SourceInventoryV1,
      domain: Domains.Inventory,
      event: { ...levelReported, data: { ...levelReported.data } },
      score: 0.95,
      dimensions: {
        completeness: clean,
        validity: clean,
        timeliness: { score: 0.75, issues: ['asOf is 15 minutes old'] },
        consistency: clean,
        uniqueness: clean,
      },
      issues: ['asOf is 15 minutes old'],
      scoredAt: TIME,
    },
  ),
  [EventTypes.FeedHealthReportedV1]: envelope(
    EventTypes.FeedHealthReportedV1,
    'urn:governor:data-quality',
    `urn:wms:dc-east|${Topics.SourceInventoryV1}`,
    {
      feedSource: 'urn:wms:dc-east',
      topic: Topics.SourceInventoryV1,
      domain: Domains.Inventory,
      windowSeconds: 300,
      eventCount: 240,
      invalidCount: 3,
      eventsPerMinute: 48,
      secondsSinceLastEvent: 2.5,
      staleAfterSeconds: 600,
      stale: false,
      invalidRatio: 0.0125,
      meanScore: 0.93,
      reportedAt: TIME,
    },
  ),
  [EventTypes.RiskActionProposedV1]: envelope(
    EventTypes.RiskActionProposedV1,
    'urn:governor:predictive-risk',
    'act-0002',
    {
      actionId: 'act-0002',
      actionType: ActionTypes.CreatePurchaseOrder,
      domain: Domains.Procurement,
      parameters: { ...purchaseOrder },
      confidence: 0.82,
      rationale: 'Projected stock-out in 4 days; supplier lead time is 7 days.',
      features: { daysOfCover: 4, leadTimeDays: 7, supplierId: 'SUP-17', promotionActive: false },
      dataQuality: { score: 0.95, issues: [] },
      model: { id: 'stockout-gbm', version: '2025-02-15' },
      sourceEvents: [
        { source: levelReported.source, id: levelReported.id, type: EventTypes.InventoryLevelReportedV1, time: levelReported.time },
      ],
      proposedAt: TIME,
    },
  ),
  [EventTypes.ModelHealthReportedV1]: envelope(
    EventTypes.ModelHealthReportedV1,
    'urn:governor:predictive-risk',
    'stockout-gbm',
    {
      modelId: 'stockout-gbm',
      modelVersion: '2025-02-15',
      domain: Domains.Inventory,
      psi: 0.08,
      psiByInput: { daysOfCover: 0.05, leadTimeDays: 0.11 },
      forecastBias: -1.4,
      biasSampleSize: 120,
      referenceSize: 5000,
      currentSize: 860,
      reportedAt: TIME,
      shadows: [
        {
          version: '2025-03-01',
          champion: '2025-02-15',
          since: TIME,
          forecasts: 42,
          wape: 0.18,
          championWape: 0.24,
          wapeDelta: -0.06,
        },
      ],
    },
  ),
  [EventTypes.DomainHealthReportedV1]: envelope(
    EventTypes.DomainHealthReportedV1,
    'urn:governor:resilience',
    Domains.Credit,
    {
      domain: Domains.Credit,
      health: 0.55,
      windowSeconds: 3600,
      staleFeeds: [`urn:finance:ar|${Topics.SourceCreditV1}`],
      reasons: [
        { signal: 'feed-stale', value: 1820, penalty: 0.3, message: 'urn:finance:ar silent for 30 minutes.' },
        { signal: 'override-rate', value: null, penalty: 0.15, message: 'Too few decisions to measure.' },
      ],
      reportedAt: TIME,
    },
  ),
  [EventTypes.ApprovalResolvedV1]: envelope(
    EventTypes.ApprovalResolvedV1,
    'urn:governor:policy-enforcement',
    'act-0001',
    {
      taskId: 'task-0001',
      actionId: 'act-0001',
      actionType: ActionTypes.CreatePurchaseOrder,
      domain: Domains.Procurement,
      outcome: ApprovalOutcomes.Approved,
      approvers: ['u-planner-1'],
      rejectedBy: null,
      requestedAt: '2025-03-03T08:00:00Z',
      resolvedAt: TIME,
    },
  ),
  [EventTypes.ReviewRequestedV1]: envelope(
    EventTypes.ReviewRequestedV1,
    'urn:governor:execution',
    'act-0001',
    {
      actionId: 'act-0001',
      actionType: ActionTypes.CreatePurchaseOrder,
      domain: Domains.Procurement,
      domainMode: DomainModes.Probation,
      reason: 'procurement is in probation: executions are reviewed by a person.',
      approved: approved.data,
      requestedAt: TIME,
    },
  ),
  [EventTypes.SecurityViolationRecordedV1]: envelope(
    EventTypes.SecurityViolationRecordedV1,
    'urn:governor:circuit-breaker',
    'circuit-breaker',
    {
      service: 'circuit-breaker',
      kind: SecurityViolationKinds.Forbidden,
      code: 'forbidden',
      reason: 'this needs one of the roles: operator',
      target: 'POST /domains/:domain/override',
      actor: 'u-planner-1',
      domain: Domains.Inventory,
      actionId: null,
      count: 3,
      firstAt: '2025-03-03T08:15:00Z',
      lastAt: '2025-03-03T08:15:42Z',
    },
  ),
  [EventTypes.ModelPromotedV1]: envelope(
    EventTypes.ModelPromotedV1,
    'urn:governor:predictive-risk',
    'demand-sensing',
    {
      modelId: 'demand-sensing',
      version: '2.0.0+5b0e3a1c',
      domain: Domains.Inventory,
      replaced: '2.0.0+3f2a9c1e',
      by: 'u-gwen',
      worseThanChampion: false,
      reason: null,
      backtestWapeDelta: -0.084,
      shadowWapeDelta: -0.061,
      promotedAt: TIME,
    },
  ),
  [EventTypes.ModelRetiredV1]: envelope(
    EventTypes.ModelRetiredV1,
    'urn:governor:predictive-risk',
    'demand-sensing',
    {
      modelId: 'demand-sensing',
      version: '2.0.0+7c1d4e2a',
      domain: Domains.Inventory,
      reason: 'worse-than-champion',
      champion: '2.0.0+3f2a9c1e',
      supersededBy: null,
      backtestWapeDelta: 0.031,
      shadowWapeDelta: null,
      retiredAt: TIME,
    },
  ),
  [EventTypes.AuditCheckpointSignedV1]: envelope(
    EventTypes.AuditCheckpointSignedV1,
    'urn:governor:policy-enforcement',
    AUDIT_CHECKPOINT_SUBJECT,
    { seq: 1042, hash: 'a'.repeat(64), at: TIME },
  ),
  [EventTypes.AuditEntryRequestedV1]: envelope(EventTypes.AuditEntryRequestedV1, 'urn:governor:data-quality', 'source:urn:wms:dc-east', {
    service: 'data-quality',
    kind: 'source.registered',
    actor: 'olivia',
    subject: 'source:urn:wms:dc-east',
    payload: { source: 'urn:wms:dc-east', owner: 'team:inventory', eventTypes: ['inventory.level-reported.v1'] },
  }),
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Frozen, so a test that changes one fails loudly instead of breaking the next test; see exampleEvent(). */
export const exampleEvents = deepFreeze(examples);

/** A deep copy of the example of `type`, yours to change. */
export function exampleEvent<K extends EventType>(type: K): ContractEvent<K> {
  return structuredClone(exampleEvents[type]);
}
