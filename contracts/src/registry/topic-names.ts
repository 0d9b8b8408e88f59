// Every topic name, in one constants object. Kept apart from the topic registry, which imports the
// event types, so that an event class can name topics (e.g. its source topic) without an import cycle.

export const Topics = {
  SourceInventoryV1: 'source.inventory.v1',
  SourceOrdersV1: 'source.orders.v1',
  SourceProcurementV1: 'source.procurement.v1',
  SourceCreditV1: 'source.credit.v1',
  /** 1.1: master data of SKUs, locations, suppliers and customers. */
  SourceMasterDataV1: 'source.master-data.v1',
  AgentsProposalsV1: 'agents.proposals.v1',
  ActionsApprovedV1: 'actions.approved.v1',
  ActionsOutcomesV1: 'actions.outcomes.v1',
  DecisionsV1: 'governance.decisions.v1',
  DomainModesV1: 'governance.domain-modes.v1',
  DeadLetterV1: 'governance.dead-letter.v1',
  // Internal: between Governor's own services, not part of docs/contract.md.
  QualityScoredV1: 'internal.quality-scored.v1',
  FeedHealthV1: 'internal.feed-health.v1',
  ActionsProposedV1: 'internal.actions-proposed.v1',
  ModelHealthV1: 'internal.model-health.v1',
  DomainHealthV1: 'internal.domain-health.v1',
  ApprovalsV1: 'internal.approvals.v1',
  ReviewRequestsV1: 'internal.review-requests.v1',
  SecurityEventsV1: 'internal.security-events.v1',
  AuditCheckpointsV1: 'internal.audit-checkpoints.v1',
  AuditEntriesV1: 'internal.audit-entries.v1',
  ModelLifecycleV1: 'internal.model-lifecycle.v1',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The topics outside systems publish business facts on, one per source domain. */
export const SOURCE_TOPIC_VALUES = [
  Topics.SourceInventoryV1,
  Topics.SourceOrdersV1,
  Topics.SourceProcurementV1,
  Topics.SourceCreditV1,
] as const;
export type SourceTopicName = (typeof SOURCE_TOPIC_VALUES)[number];
