// The resilience monitor's Nest module: the facts it consumes, the health reporter and the scorecard.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, storeRetentionProviders } from '@governor/nest';
import type { MonitorConfig } from '../config';
import { EventStore } from '../infra/event-store';
import { HealthSignalsRepository } from '../infra/health-signals.repository';
import { retainedStores } from '../infra/retained-stores';
import { ScorecardRepository } from '../infra/scorecard.repository';
import { HealthReporter } from './health-reporter.service';
import { MonitoredEventsController } from './monitored-events.controller';
import { ScorecardController } from './scorecard.controller';

const onSchema = <T>(build: new (dataSource: DataSource, schema: string) => T) => ({
  provide: build,
  useFactory: (dataSource: DataSource, config: MonitorConfig) => new build(dataSource, config.schema),
  inject: [DataSource, SERVICE_CONFIG],
});

@Module({
  controllers: [ScorecardController, MonitoredEventsController],
  providers: [{ provide: EventStore, useFactory: (c: MonitorConfig) => new EventStore(c.schema), inject: [SERVICE_CONFIG] }, onSchema(HealthSignalsRepository), onSchema(ScorecardRepository), HealthReporter, ...storeRetentionProviders(retainedStores)],
})
export class MonitorModule {}
