// Use case: score one valid source event. In the consumer's transaction (with the inbox claim):
// read the subject's last state and the business key's first holder, score, remember the new
// state, enqueue the scored event in the outbox and count it for its feed. Either all of it
// commits or none, so a crash at any point neither loses nor double-counts the event.
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@governor/messaging';
import type { HandlerContext } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { SOURCE_TOPIC_VALUES, Topics } from '@governor/contracts';
import type { EntityManager } from 'typeorm';
import type { DataQualityConfig } from '../config';
import { nextLastSeen } from '../domain/consistency';
import { bucketSecondsFor, bucketStart } from '../domain/feed-health';
import { scoreEvent } from '../domain/score-event';
import type { SourceEvent } from '../domain/source-event';
import { businessKeyOf } from '../domain/uniqueness';
import { BusinessKeyRepository } from '../infra/business-key.repository';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { SubjectStateRepository } from '../infra/subject-state.repository';
import { scoredEvent } from './outgoing-events';
import { QualityMetrics } from './quality-metrics';

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
  ) {
    this.bucketSeconds = bucketSecondsFor(config.windowSeconds);
  }

  async score(event: SourceEvent, ctx: HandlerContext): Promise<void> {
    const manager = transactionOf(ctx);
    const topic = SOURCE_TOPIC_VALUES.find((t) => t === ctx.topic);
    if (!topic) throw new Error(`${event.type} arrived on ${ctx.topic}, which is not a source topic`);
    const arrival = new Date();
    const ref = { source: event.source, id: event.id };

    const last = await this.states.load(manager, event.subject, event.type);
    const firstHolder = await this.businessKeys.claim(manager, event.type, businessKeyOf(event), ref);
    const result = scoreEvent({ event, arrival, last, firstHolder }, this.config.scoring);

    const next = nextLastSeen(event, last);
    if (next) await this.states.save(manager, event.subject, event.type, next, ref);
    await this.outbox.enqueue(manager, [{ topic: Topics.QualityScoredV1, event: scoredEvent(event, topic, result, arrival) }]);
    // Last: the feed's rows are the ones other partitions wait on, so hold them the shortest time.
    await this.feeds.recordScored(
      manager,
      { topic, feedSource: event.source, arrival, bucketStart: bucketStart(arrival, this.bucketSeconds) },
      result.score,
    );
    this.metrics.eventScored(topic, event.source, result);
  }
}

/** Handlers run with the inbox on, inside the runner's transaction; without it nothing is safe. */
export function transactionOf(ctx: HandlerContext): EntityManager {
  if (!ctx.manager) throw new Error('data-quality handlers need the inbox transaction (consumer inbox must be on)');
  return ctx.manager;
}
