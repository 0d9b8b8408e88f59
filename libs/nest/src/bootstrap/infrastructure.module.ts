// A global module that hands the service's infrastructure (config, Kafka, publisher, database,
// outbox, metrics, readiness) to its modules, and serves health and metrics.
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventPublisher, Outbox, OutboxRelay } from '@governor/messaging';
import { HealthController } from '../health/health.controller';
import { RefusalRecorder } from '../http/refusal-recorder';
import { Readiness } from '../health/readiness';
import { ServiceMetrics } from '../metrics/service-metrics';
import { SERVICE_CONFIG } from './service-tokens';

export interface Infrastructure {
  config: unknown;
  kafka: Kafka;
  publisher: EventPublisher;
  dataSource: DataSource;
  outbox: Outbox;
  relay: OutboxRelay;
  metrics: ServiceMetrics;
  readiness: Readiness;
  /** Publishes its open refusal reports when the app shuts down (a Nest hook). */
  refusals?: RefusalRecorder;
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(infra: Infrastructure): DynamicModule {
    const providers = [
      { provide: SERVICE_CONFIG, useValue: infra.config },
      { provide: Kafka, useValue: infra.kafka },
      { provide: EventPublisher, useValue: infra.publisher },
      { provide: DataSource, useValue: infra.dataSource },
      { provide: Outbox, useValue: infra.outbox },
      { provide: OutboxRelay, useValue: infra.relay },
      { provide: ServiceMetrics, useValue: infra.metrics },
      { provide: Readiness, useValue: infra.readiness },
      ...(infra.refusals ? [{ provide: RefusalRecorder, useValue: infra.refusals }] : []),
    ];
    return {
      module: InfrastructureModule,
      controllers: [HealthController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
