// Runs the monitor's consumer for the lifetime of the app: every topic the monitor learns from,
// handed over a group of records at a time and written in one transaction of multi-row INSERTs by
// the EventStore. Its rows are keyed by event, so a group delivered again after a crash is harmless
// without an inbox. Readiness waits for the group join.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Topics } from '@governor/contracts';
import { ConsumerRunner, EventPublisher, jsonLogger } from '@governor/messaging';
import { Readiness, SERVICE_CONFIG, ServiceMetrics } from '@governor/nest';
import type { MonitorConfig } from '../config';
import { EventStore } from '../infra/event-store';

export const MONITORED_TOPICS = [
  Topics.FeedHealthV1,
  Topics.ModelHealthV1,
  Topics.DecisionsV1,
  Topics.ApprovalsV1,
  Topics.ActionsOutcomesV1,
  Topics.DomainModesV1,
  Topics.SecurityEventsV1,
] as const;

@Injectable()
export class MonitorConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ConsumerRunner;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Inject(EventStore) store: EventStore,
    @Inject(SERVICE_CONFIG) config: MonitorConfig,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {
    const log = new Logger(config.serviceName);
    this.consumer = new ConsumerRunner({
      kafka,
      publisher,
      groupId: config.groupId,
      topics: MONITORED_TOPICS,
      stage: config.serviceName,
      handleBatch: (records) => store.record(records.map((r) => r.event)),
      maxBatchRecords: 1_000,
      // Off the pipeline's critical path: a fetch waits up to 250 ms for 256 KiB, so under load the
      // store writes a group per fetch instead of a transaction per record as each arrives.
      minBytes: 256 * 1024,
      maxWaitTimeMs: 250,
      // No inbox, but the store keeps every event once (its rows are keyed by event id, the
      // latest feed reports kept by time), so a redelivered record changes nothing: offsets are
      // committed together once a second, as consumers with an inbox do.
      commitIntervalMs: 1_000,
      logger: jsonLogger(config.serviceName),
      onFatal: (error) => {
        log.error(`consumer stopped for good: ${error.message}; exiting so the supervisor restarts this service`);
        process.exit(70);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.add('kafka-consumer', () => this.consumer.ready);
    this.metrics.consumer(() => this.consumer, 'stored');
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
