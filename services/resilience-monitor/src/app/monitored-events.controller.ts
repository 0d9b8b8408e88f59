// Kafka handler: every fact the monitor learns from (feed and model health, decisions, approval
// results, execution outcomes, mode changes, reported refusals, scored source events, proposals, review requests),
// a whole group at a time, stored by the EventStore in the group's transaction with a multi-row
// INSERT per table.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes } from '@governor/contracts';
import type { ReceivedEvent } from '@governor/messaging';
import { EventStore } from '../infra/event-store';

export const MONITORED_TYPES = [
  EventTypes.FeedHealthReportedV1,
  EventTypes.ModelHealthReportedV1,
  EventTypes.DecisionMadeV1,
  EventTypes.ApprovalResolvedV1,
  EventTypes.ActionExecutedV1,
  EventTypes.ActionFailedV1,
  EventTypes.ActionCompensatedV1,
  EventTypes.DomainModeChangedV1,
  EventTypes.SecurityViolationRecordedV1,
  EventTypes.QualityEventScoredV1,
  EventTypes.RiskActionProposedV1,
  EventTypes.ReviewRequestedV1,
] as const;

@Controller()
export class MonitoredEventsController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  // One handler for every type of the list: Nest registers each, and a group's records of all of
  // them come in one call.
  @EventPattern<string[]>([...MONITORED_TYPES])
  onFacts(
    @Payload() records: readonly ReceivedEvent<(typeof MONITORED_TYPES)[number]>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return this.store.record(manager, records.map((r) => r.event));
  }
}
