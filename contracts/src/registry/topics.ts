// The topic registry: every topic, what it carries, and how it is created (partitions, cleanup).
// Topic-creation tooling and consumers read it from here; no topic name is written anywhere else.
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../common/domains';
import { EventTypes, type EventType } from './event-types';
import { ProducerPrincipals as P, ServicePrincipals as S, ToolPrincipals as T, type KafkaPrincipal } from './principals';
import { Topics, type TopicName } from './topic-names';

export * from './topic-names';

export interface TopicSpec {
  readonly name: TopicName;
  readonly partitions: number;
  /** `compact` keeps the latest record per key, for topics that hold state rather than history. */
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly eventTypes: readonly EventType[];
  /** `public` topics are those of docs/contract.md; `internal` ones are between Governor's own services. */
  readonly visibility: 'public' | 'internal';
  /** Who writes it: systems outside Governor (it consumes them) or Governor itself. */
  readonly producedBy: 'external' | 'governor';
  /** The principals that may write it (least privilege: the Kafka ACLs are derived from these). */
  readonly writers: readonly KafkaPrincipal[];
  /** The principals that may read it, each in consumer groups of its own prefix. */
  readonly readers: readonly KafkaPrincipal[];
  readonly description: string;
}

/** Who writes and who reads a topic. */
interface Access {
  writers: readonly KafkaPrincipal[];
  readers: readonly KafkaPrincipal[];
}

// Every service dead-letters what it cannot accept: the dead-letter topic is written by all of them.
const ALL_SERVICES = Object.values(S);

// Source and action topics carry per-entity traffic and get room to scale consumers; governance
// topics are low volume.
const BUSY_TOPIC_PARTITIONS = 6;
const GOVERNANCE_TOPIC_PARTITIONS = 3;

function sourceTopic(name: TopicName, eventTypes: readonly EventType[], access: Access, description: string): TopicSpec {
  return {
    name,
    ...access,
    partitions: BUSY_TOPIC_PARTITIONS,
    cleanupPolicy: 'delete',
    eventTypes,
    visibility: 'public',
    producedBy: 'external',
    description,
  };
}

function outputTopic(
  name: TopicName,
  partitions: number,
  eventTypes: readonly EventType[],
  access: Access,
  description: string,
  cleanupPolicy: TopicSpec['cleanupPolicy'] = 'delete',
): TopicSpec {
  return {
    name,
    ...access,
    partitions,
    cleanupPolicy,
    eventTypes,
    visibility: 'public',
    producedBy: 'governor',
    description,
  };
}

/** A topic between Governor's own services: not in docs/contract.md, not in the AsyncAPI document. */
function internalTopic(
  name: TopicName,
  partitions: number,
  eventTypes: readonly EventType[],
  access: Access,
  description: string,
  cleanupPolicy: TopicSpec['cleanupPolicy'] = 'delete',
): TopicSpec {
  return {
    name,
    ...access,
    partitions,
    cleanupPolicy,
    eventTypes,
    visibility: 'internal',
    producedBy: 'governor',
    description,
  };
}

export const TOPIC_REGISTRY: readonly TopicSpec[] = Object.freeze([
  sourceTopic(
    Topics.SourceInventoryV1,
    [EventTypes.InventoryLevelReportedV1, EventTypes.InventoryDemandRecordedV1],
    { writers: [P.Wms, P.Erp, T.Operator], readers: [S.DataQuality] },
    'Stock levels and demand from the WMS/ERP.',
  ),
  sourceTopic(
    Topics.SourceOrdersV1,
    [EventTypes.OrdersSalesOrderPlacedV1, EventTypes.OrdersShipmentStatusReportedV1],
    { writers: [P.Erp, P.Tms, T.Operator], readers: [S.DataQuality] },
    'Sales orders from the ERP and shipment status from the TMS.',
  ),
  sourceTopic(
    Topics.SourceProcurementV1,
    [EventTypes.ProcurementSupplierDeliveryRecordedV1, EventTypes.ProcurementSupplierTermsUpdatedV1],
    { writers: [P.Erp, T.Operator], readers: [S.DataQuality] },
    'Supplier deliveries and supplier terms.',
  ),
  sourceTopic(
    Topics.SourceCreditV1,
    [EventTypes.CreditCustomerExposureUpdatedV1],
    { writers: [P.Finance, T.Operator], readers: [S.DataQuality] },
    'Customer credit limits and exposure from finance.',
  ),
  sourceTopic(
    Topics.SourceMasterDataV1,
    [
      EventTypes.MasterDataSkuUpsertedV1,
      EventTypes.MasterDataLocationUpsertedV1,
      EventTypes.MasterDataSupplierUpsertedV1,
      EventTypes.MasterDataCustomerUpsertedV1,
    ],
    // The ERP is the system of record of the master data Governor governs.
    { writers: [P.Erp, T.Operator], readers: [S.DataQuality] },
    '1.1: master data (SKUs with unit of measure and cost, locations, suppliers, customers), each record with its owner; data-quality checks source events against it.',
  ),
  sourceTopic(
    Topics.AgentsProposalsV1,
    [EventTypes.AgentActionProposedV1],
    { writers: [P.AgentReplenisher, P.AgentDealCloser, T.Operator], readers: [S.PolicyEnforcement] },
    'Actions proposed by registered AI agents.',
  ),
  outputTopic(
    Topics.ActionsApprovedV1,
    BUSY_TOPIC_PARTITIONS,
    [EventTypes.ActionApprovedV1],
    { writers: [S.PolicyEnforcement], readers: [S.ExecutionAdapters, T.Operator] },
    'Approved actions for downstream systems to execute; exactly once per actionId to a read_committed consumer that de-duplicates on actionId.',
  ),
  outputTopic(
    Topics.ActionsOutcomesV1,
    BUSY_TOPIC_PARTITIONS,
    [EventTypes.ActionExecutedV1, EventTypes.ActionFailedV1, EventTypes.ActionCompensatedV1],
    { writers: [S.ExecutionAdapters], readers: [S.PolicyEnforcement, S.ResilienceMonitor, T.Operator] },
    'What became of each approved action.',
  ),
  outputTopic(
    Topics.DecisionsV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.DecisionMadeV1],
    { writers: [S.PolicyEnforcement], readers: [S.ResilienceMonitor, T.Operator] },
    'Every policy decision, with the policies that made it.',
  ),
  outputTopic(
    Topics.DomainModesV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.DomainModeChangedV1],
    { writers: [S.CircuitBreaker], readers: [S.PolicyEnforcement, S.ExecutionAdapters, S.ResilienceMonitor, T.Operator] },
    'The current mode of each domain; compacted, keyed by domain.',
    'compact',
  ),
  outputTopic(
    Topics.DeadLetterV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.DeadLetterV1],
    { writers: ALL_SERVICES, readers: [S.DataQuality, T.Operator] },
    'Every input that could not be accepted, with the reason.',
  ),
  internalTopic(
    Topics.QualityScoredV1,
    BUSY_TOPIC_PARTITIONS,
    [EventTypes.QualityEventScoredV1],
    { writers: [S.DataQuality], readers: [S.PredictiveRisk, S.ResilienceMonitor] },
    'Every source event with its data-quality score, from data-quality to predictive-risk (and the resilience monitor, for fill rate, cycle time and forecast accuracy).',
  ),
  internalTopic(
    Topics.FeedHealthV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.FeedHealthReportedV1],
    { writers: [S.DataQuality], readers: [S.PolicyEnforcement, S.ResilienceMonitor] },
    'Periodic health of each source feed: rate, staleness, invalid ratio and mean score.',
  ),
  internalTopic(
    Topics.ActionsProposedV1,
    BUSY_TOPIC_PARTITIONS,
    [EventTypes.RiskActionProposedV1],
    { writers: [S.PredictiveRisk], readers: [S.PolicyEnforcement, S.ResilienceMonitor] },
    'Actions proposed by the predictive-risk service, for policy-enforcement to decide (and the resilience monitor, for forecast accuracy).',
  ),
  internalTopic(
    Topics.ModelHealthV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.ModelHealthReportedV1],
    { writers: [S.PredictiveRisk], readers: [S.ResilienceMonitor] },
    'Drift (PSI) and forecast bias of each predictive model.',
  ),
  internalTopic(
    Topics.DomainHealthV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.DomainHealthReportedV1],
    { writers: [S.ResilienceMonitor], readers: [S.CircuitBreaker] },
    'The health score of each business domain and the signals behind it, for the circuit breaker.',
  ),
  internalTopic(
    Topics.ApprovalsV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.ApprovalResolvedV1],
    { writers: [S.PolicyEnforcement], readers: [S.ResilienceMonitor] },
    'How each human approval task ended: approved, rejected or expired.',
  ),
  internalTopic(
    Topics.ReviewRequestsV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.ReviewRequestedV1],
    { writers: [S.ExecutionAdapters], readers: [S.PolicyEnforcement, S.ResilienceMonitor] },
    'Approved actions the execution side holds for human review, e.g. while their domain is in probation (and the resilience monitor counts them as held in fallback).',
  ),
  internalTopic(
    Topics.SecurityEventsV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.SecurityViolationRecordedV1],
    { writers: ALL_SERVICES, readers: [S.PolicyEnforcement, S.ResilienceMonitor] },
    'What each service refused for lack of identity or right (401, 403, a bad signature), for the audit log and the scorecard.',
  ),
  internalTopic(
    Topics.AuditCheckpointsV1,
    1,
    [EventTypes.AuditCheckpointSignedV1],
    { writers: [S.PolicyEnforcement], readers: [T.Operator] },
    'Signed checkpoints of the audit chain head; compacted, so the latest is always there.',
    'compact',
  ),
  internalTopic(
    Topics.AuditEntriesV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.AuditEntryRequestedV1],
    { writers: ALL_SERVICES, readers: [S.PolicyEnforcement] },
    'Audit entries other services ask policy-enforcement to append to the audit log (a source registered, a store pruned).',
  ),
  internalTopic(
    Topics.ModelLifecycleV1,
    GOVERNANCE_TOPIC_PARTITIONS,
    [EventTypes.ModelPromotedV1, EventTypes.ModelRetiredV1],
    { writers: [S.PredictiveRisk], readers: [S.PolicyEnforcement] },
    'Each model version that became champion in the model registry, and each refit retired without, for the audit log.',
  ),
]);

const TOPICS_BY_NAME: ReadonlyMap<string, TopicSpec> = new Map(
  TOPIC_REGISTRY.map((spec) => [spec.name, spec]),
);

export function topicSpec(name: string): TopicSpec | undefined {
  return TOPICS_BY_NAME.get(name);
}

/** The topic an event type is published on, public or internal; every type has exactly one. */
export function topicOfEventType(type: EventType): TopicName {
  const spec = TOPIC_REGISTRY.find((topic) => topic.eventTypes.includes(type));
  if (!spec) throw new Error(`no topic carries ${type}`);
  return spec.name;
}

const SOURCE_TOPIC = /^source\.([a-z-]+)\.v\d+$/;

/** The business domain of a source topic (its second word); undefined for any other topic. */
export function domainOfTopic(topic: string): SourceDomain | undefined {
  const word = SOURCE_TOPIC.exec(topic)?.[1];
  return SOURCE_DOMAIN_VALUES.find((domain) => domain === word);
}
