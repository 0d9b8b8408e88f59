// Publishes the health of every known feed on a fixed interval, whether the feed spoke or not:
// a silent feed is the commonest failure and must show up as stale. Statistics come from Postgres,
// so every instance sees every feed; a reporting slot in the database lets one instance per
// interval publish, and the reports go through the outbox like every other event. Old buckets and
// business keys are pruned by the service's StoreRetention (infra/retained-stores.ts).
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { classifyError, Outbox, OutboxRelay, PeriodicTask } from '@governor/messaging';
import { Readiness, SERVICE_CONFIG } from '@governor/nest';
import { Topics } from '@governor/contracts';
import { DataSource } from 'typeorm';
import type { DataQualityConfig } from '../config';
import { feedHealth } from '../domain/feed-health';
import { feedName } from '../domain/dead-letter-feed';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { feedHealthEvent } from './outgoing-events';
import { QualityMetrics } from './quality-metrics';
import { SourceRegistryService } from './source-registry.service';

/** Another instance's report less than this share of an interval ago means this one skips. */
const SLOT_SHARE = 0.9;

@Injectable()
export class FeedHealthReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(FeedHealthReporter.name);
  private readonly task: PeriodicTask;
  private lastTickOk = true;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: DataQualityConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(FeedStatsRepository) private readonly feeds: FeedStatsRepository,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
    @Inject(SourceRegistryService) private readonly sources: SourceRegistryService,
    @Inject(Readiness) readiness: Readiness,
  ) {
    // A slow database must not pile up reports: the next one is due an interval after the last ended.
    this.task = new PeriodicTask(config.healthIntervalSeconds * 1_000, () => this.tick());
    readiness.add('feed-health-reporter', () => this.task.active);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  private async tick(): Promise<void> {
    try {
      await this.report();
      this.lastTickOk = true;
    } catch (error) {
      if (this.lastTickOk) this.log.warn(`feed health report failed; next interval retries: ${classifyError(error).message}`);
      this.lastTickOk = false;
    }
  }

  /** Computes every feed's health, updates the gauges and, holding the slot, publishes it. */
  async report(now = new Date()): Promise<number> {
    const { windowSeconds, healthIntervalSeconds } = this.config;
    // Registrations made through another instance apply here from this tick on.
    const registry = await this.sources.reload();
    // Declared feeds (registered, or given a stale period of their own): their silence counts from the start.
    const declared = new Set([...registry.feeds().map(feedName), ...Object.keys(this.config.feedStaleAfterSeconds)]);
    const published = await this.dataSource.transaction(async (manager) => {
      const windowStart = new Date(now.getTime() - windowSeconds * 1_000);
      const reports = (await this.feeds.window(manager, windowStart)).map((stats) => {
        const key = feedName(stats);
        return feedHealth(stats, now, {
          windowSeconds,
          staleAfterSeconds: this.config.feedStaleAfterSeconds[key] ?? this.config.staleAfterSeconds[stats.topic],
          declared: declared.has(key),
          trusted: registry.trustsFeed(stats.feedSource, stats.topic),
        });
      });
      reports.forEach((report) => this.metrics.feedReported(report));
      if (!(await this.feeds.claimReportSlot(manager, now, healthIntervalSeconds * 1_000 * SLOT_SHARE))) return 0;
      await this.outbox.enqueue(
        manager,
        reports.map((report) => ({ topic: Topics.FeedHealthV1, event: feedHealthEvent(report) })),
      );
      return reports.length;
    });
    if (published > 0) this.relay.wake();
    return published;
  }
}
