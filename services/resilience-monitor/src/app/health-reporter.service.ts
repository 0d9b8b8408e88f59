// Every health interval, computes each domain's health over the sliding window and publishes a
// DomainHealthReportedV1 per domain on internal.domain-health.v1 (subject = domain), from the one
// instance that holds the leader lock. Facts past their retention are pruned by the service's
// StoreRetention (infra/retained-stores.ts).
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { envelope, EventTypes, Topics, type CloudEvent, type DomainHealthReportedV1, type SourceDomain } from '@governor/contracts';
import { EventPublisher, PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG, ServiceMetrics } from '@governor/nest';
import type { MonitorConfig } from '../config';
import { computeHealth, type DomainHealth } from '../domain/health';
import { HealthSignalsRepository } from '../infra/health-signals.repository';
import { LeaderLock } from '../infra/leader-lock';

@Injectable()
export class HealthReporter implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log: Logger;
  private readonly lock: LeaderLock;
  private readonly gauge: Gauge;
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(HealthSignalsRepository) private readonly signals: HealthSignalsRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: MonitorConfig,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.log = new Logger(config.serviceName);
    this.lock = new LeaderLock(dataSource, `${config.serviceName}:${config.schema}`);
    this.gauge = metrics.gauge('domain_health', 'The latest health figure of each domain, in [0, 1]', ['domain']);
    // A slow tick is not stacked on: the next one starts an interval after it ended.
    this.task = new PeriodicTask(config.healthIntervalMs, () => this.tick());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
    await this.lock.release();
  }

  /** The health of every domain at `now` over the configured window. */
  async compute(now: number): Promise<Map<SourceDomain, DomainHealth>> {
    const signals = await this.signals.load(now, this.config.healthWindowSeconds);
    return new Map([...signals].map(([domain, s]) => [domain, computeHealth(s, this.config.healthPolicy, now)]));
  }

  private async tick(): Promise<void> {
    try {
      if (!(await this.lock.isLeader())) return;
      const now = Date.now();
      const healths = await this.compute(now);
      await this.publisher.publishAll([...healths].map(([domain, health]) => ({ topic: Topics.DomainHealthV1, event: this.event(domain, health, now) })));
      for (const [domain, health] of healths) this.gauge.set({ domain }, health.health);
    } catch (error) {
      this.log.warn(`health tick failed, trying again next interval: ${(error as Error).message}`);
    }
  }

  private event(domain: SourceDomain, health: DomainHealth, now: number): CloudEvent<DomainHealthReportedV1> {
    const at = new Date(now).toISOString();
    return envelope(EventTypes.DomainHealthReportedV1, {
      source: `urn:governor:${this.config.serviceName}`,
      subject: domain,
      time: at,
      data: {
        domain,
        health: health.health,
        windowSeconds: this.config.healthWindowSeconds,
        staleFeeds: health.staleFeeds,
        reasons: health.reasons,
        reportedAt: at,
      },
    });
  }
}
