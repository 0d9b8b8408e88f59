// Use case: count invalid source records against their feeds. Invalid records are dead-lettered at
// the consumer's edge and never reach the scoring handler, so they are counted from the
// dead-letter topic: each dead letter about a source topic adds one invalid record to its feed. A
// group's counts are summed and written in one statement when its transaction commits.
import { Inject, Injectable } from '@nestjs/common';
import type { ReceivedEvent } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { EventTypes } from '@governor/contracts';
import type { EntityManager } from 'typeorm';
import type { DataQualityConfig } from '../config';
import { feedOfDeadLetter } from '../domain/dead-letter-feed';
import { bucketSecondsFor, bucketStart } from '../domain/feed-health';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { QualityMetrics } from './quality-metrics';

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

  async countGroup(records: readonly ReceivedEvent<typeof EventTypes.DeadLetterV1>[], manager: EntityManager): Promise<void> {
    for (const { event } of records) {
      const feed = feedOfDeadLetter(event.data);
      if (!feed) continue;
      // When it was refused, not when the dead letter is read: a consumer catching up on the
      // dead-letter topic must not pile old failures into the current window.
      const arrival = new Date(Math.min(Date.parse(event.time), Date.now()));
      await this.feeds.recordInvalid(manager, { ...feed, arrival, bucketStart: bucketStart(arrival, this.bucketSeconds) });
      this.metrics.invalidRecord(feed.topic, feed.feedSource);
    }
  }
}
