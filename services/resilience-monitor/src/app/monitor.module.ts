// The resilience monitor's Nest module: the facts it consumes, the health reporter and the scorecard.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@governor/nest';
import type { MonitorConfig } from '../config';
import { EventStore } from '../infra/event-store';
import { HealthSignalsRepository } from '../infra/health-signals.repository';
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
  providers: [onSchema(EventStore), onSchema(HealthSignalsRepository), onSchema(ScorecardRepository), HealthReporter],
})
export class MonitorModule {}
