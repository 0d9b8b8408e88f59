import './tracing';
// The resilience-monitor process: learns from feed and model health, decisions, approvals,
// outcomes, mode changes, reported refusals, the orders, shipments and demand among the scored
// source events, and the forecasts proposals carry; publishes each domain's health on a fixed
// interval; serves the governance scorecard.
import 'reflect-metadata';
import { Topics } from '@governor/contracts';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { MonitorModule } from './app/monitor.module';
import { loadMonitorConfig } from './config';
import { monitorTablesMigration } from './infra/monitor-tables.migration';
import { scorecardOutcomesMigration } from './infra/scorecard-outcomes.migration';
import { securityViolationsMigration } from './infra/security-violations.migration';
import { shadowRunsMigration } from './infra/shadow-runs.migration';
import { telemetry } from './tracing';

const config = loadMonitorConfig();

runService({
  config,
  schema: config.schema,
  migrations: [
    ...messagingMigrations(config.schema),
    monitorTablesMigration(config.schema),
    securityViolationsMigration(config.schema),
    scorecardOutcomesMigration(config.schema),
    shadowRunsMigration(config.schema),
  ],
  module: MonitorModule,
  consumer: {
    groupId: config.groupId,
    topics: [
      Topics.FeedHealthV1,
      Topics.ModelHealthV1,
      Topics.DecisionsV1,
      Topics.ApprovalsV1,
      Topics.ActionsOutcomesV1,
      Topics.DomainModesV1,
      Topics.SecurityEventsV1,
      Topics.QualityScoredV1,
      Topics.ActionsProposedV1,
      Topics.ReviewRequestsV1,
    ],
    // No inbox: the store keeps every fact once (its rows are keyed by event id, the latest feed
    // reports kept by time), so a redelivered record changes nothing; offsets are committed
    // together once a second, as consumers with an inbox do.
    inbox: false,
    commitIntervalMs: 1_000,
    maxBatchRecords: 1_000,
    // Off the pipeline's critical path: a fetch waits up to a second for 256 KiB, so under load a
    // group per fetch is stored instead of a transaction per record as each arrives, and an idle
    // monitor asks once a second.
    fetch: { minBytes: 256 * 1024, maxWaitMs: 1_000 },
  },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`resilience-monitor failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
