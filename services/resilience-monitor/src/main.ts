import './tracing';
// The resilience-monitor process: learns from feed and model health, decisions, approvals,
// outcomes, mode changes and reported refusals; publishes each domain's health on a fixed interval; serves the
// governance scorecard.
import 'reflect-metadata';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { MonitorModule } from './app/monitor.module';
import { loadMonitorConfig } from './config';
import { monitorTablesMigration } from './infra/monitor-tables.migration';
import { securityViolationsMigration } from './infra/security-violations.migration';
import { telemetry } from './tracing';

const config = loadMonitorConfig();

// No `consumer` here: the monitor runs a batch-handling ConsumerRunner without an inbox
// (src/app/monitor-consumer.service.ts), so that a group of facts is one multi-row transaction.
runService({
  config,
  schema: config.schema,
  migrations: [...messagingMigrations(config.schema), monitorTablesMigration(config.schema), securityViolationsMigration(config.schema)],
  module: MonitorModule,
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`resilience-monitor failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
