// Use case: count an invalid source record against its feed. Invalid records are dead-lettered at
// the consumer's edge and never reach the scoring handler, so they are counted from the
// dead-letter topic: each dead letter about a source topic adds one invalid record to its feed.
import { Inject, Injectable } from '@nestjs/common';
import type { HandlerContext } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { ContractEvent, EventTypes } from '@governor/contracts';
import type { DataQualityConfig } from '../config';
import { feedOfDeadLetter } from '../domain/dead-letter-feed';
import { bucketSecondsFor, bucketStart } from '../domain/feed-health';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { QualityMetrics } from './quality-metrics';
import { transactionOf } from './score-source-event.service';

@Injectable()
export class CountInvalidRecordService {
  private readonly bucketSeconds: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: DataQualityConfig,
    @Inject(FeedStatsRepository) private readonly feeds: FeedStatsRepository,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
  ) {
    this.bucketSeconds = bucketSecondsFor(config.windowSeconds);
  }

  async count(deadLetter: ContractEvent<typeof EventTypes.DeadLetterV1>, ctx: HandlerContext): Promise<void> {
    const feed = feedOfDeadLetter(deadLetter.data);
    if (!feed) return;
    // When it was refused, not when the dead letter is read: a consumer catching up on the
    // dead-letter topic must not pile old failures into the current window.
    const arrival = new Date(Math.min(Date.parse(deadLetter.time), Date.now()));
    await this.feeds.recordInvalid(transactionOf(ctx), { ...feed, arrival, bucketStart: bucketStart(arrival, this.bucketSeconds) });
    this.metrics.invalidRecord(feed.topic, feed.feedSource);
  }
}
