// Use case: score a group of valid source events, in the consumer's transaction (with their inbox
// claims). The group's subject states are read (and locked) in one statement and its business keys
// claimed in another, and the master data the group names read in a third (the source registry is
// in memory); the events are then scored in order against that working set, so an event
// sees what the events before it in the group left; the states that changed are written in one
// statement, and the scored events (outbox) and feed counts are written once each at the commit.
// A group costs the same few statements however many events it holds. Either all of it commits or
// none, so a crash at any point neither loses nor double-counts an event; an event that fails
// fails its group, which the consumer then handles again in parts until only that event is left.
import { Inject, Injectable } from '@nestjs/common';
import { Outbox, recordSpan } from '@governor/messaging';
import type { ReceivedEvent } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { SOURCE_TOPIC_VALUES, Topics } from '@governor/contracts';
import type { SourceTopicName } from '@governor/contracts';
import type { EntityManager } from 'typeorm';
import type { DataQualityConfig } from '../config';
import { nextLastSeen } from '../domain/consistency';
import { entityRefsOf, type MasterDataView } from '../domain/master-data';
import { bucketSecondsFor, bucketStart } from '../domain/feed-health';
import { scoreEvent } from '../domain/score-event';
import type { SourceEvent, SourceEventType } from '../domain/source-event';
import { SubjectStates, type StateKey } from '../domain/subject-states';
import { businessKeyOf, type EventRef } from '../domain/uniqueness';
import { BusinessKeyRepository } from '../infra/business-key.repository';
import { MasterDataRepository } from '../infra/master-data.repository';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { SubjectStateRepository } from '../infra/subject-state.repository';
import { scoredEvent } from './outgoing-events';
import { QualityMetrics } from './quality-metrics';
import { SourceRegistryService } from './source-registry.service';

/** A source event of the group, with the source topic it came from. */
interface Arrival {
  record: ReceivedEvent<SourceEventType>;
  event: SourceEvent;
  topic: SourceTopicName;
}

/** What every event of a group is scored with besides its own state and key holder. */
interface GroupContext {
  manager: EntityManager;
  states: SubjectStates;
  arrival: Date;
  masterData: MasterDataView;
}

@Injectable()
export class ScoreSourceEventService {
  private readonly bucketSeconds: number;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: DataQualityConfig,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SubjectStateRepository) private readonly states: SubjectStateRepository,
    @Inject(BusinessKeyRepository) private readonly businessKeys: BusinessKeyRepository,
    @Inject(FeedStatsRepository) private readonly feeds: FeedStatsRepository,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
    @Inject(MasterDataRepository) private readonly masterData: MasterDataRepository,
    @Inject(SourceRegistryService) private readonly sources: SourceRegistryService,
  ) {
    this.bucketSeconds = bucketSecondsFor(config.windowSeconds);
  }

  async scoreGroup(records: readonly ReceivedEvent<SourceEventType>[], manager: EntityManager): Promise<void> {
    const arrivals = records.map(arrivalOf);
    // One time for the group: its events reached data-quality together.
    const arrival = new Date();
    const states = new SubjectStates(await this.states.loadAll(manager, arrivals.map(({ event }) => stateKeyOf(event))));
    const holders = await this.businessKeys.claimAll(
      manager,
      arrivals.map(({ event }) => ({ eventType: event.type, businessKey: businessKeyOf(event), event: refOf(event) })),
    );
    const masterData = await this.masterData.view(manager, arrivals.flatMap(({ event }) => entityRefsOf(event)));
    const group: GroupContext = { manager, states, arrival, masterData };
    for (const [i, one] of arrivals.entries()) {
      // In the event's own span: its scored event carries the span's trace on.
      await recordSpan(one.record, () => this.scoreOne(one, holders[i], group));
    }
    await this.states.saveAll(manager, states.changes());
  }

  private async scoreOne({ event, topic }: Arrival, firstHolder: EventRef, { manager, states, arrival, masterData }: GroupContext): Promise<void> {
    const key = stateKeyOf(event);
    const last = states.last(key);
    const result = scoreEvent({ event, arrival, last, firstHolder, sources: this.sources.current, masterData }, this.config.scoring);
    const next = nextLastSeen(event, last);
    if (next) states.remember({ ...key, seen: next, from: refOf(event) });
    await this.outbox.enqueue(manager, [{ topic: Topics.QualityScoredV1, event: scoredEvent(event, topic, result, arrival) }]);
    await this.feeds.recordScored(
      manager,
      { topic, feedSource: event.source, arrival, bucketStart: bucketStart(arrival, this.bucketSeconds) },
      result.score,
    );
    this.metrics.eventScored(topic, event.source, result);
  }
}

function arrivalOf(record: ReceivedEvent<SourceEventType>): Arrival {
  const { event, ctx } = record;
  const topic = SOURCE_TOPIC_VALUES.find((t) => t === ctx.topic);
  if (!topic) throw new Error(`${event.type} arrived on ${ctx.topic}, which is not a source topic`);
  return { record, event, topic };
}

function stateKeyOf(event: SourceEvent): StateKey {
  return { subject: event.subject, eventType: event.type };
}

function refOf(event: SourceEvent): EventRef {
  return { source: event.source, id: event.id };
}
