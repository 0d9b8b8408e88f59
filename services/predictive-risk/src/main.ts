import './tracing';
// The predictive-risk service process: scored events in, explained action proposals and model
// health out (docs/design.md "Predictive risk"). Tracing stays the first import: it must patch kafkajs,
// pg and http before they load.
import 'reflect-metadata';
import { telemetry } from './tracing';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { Topics } from '@governor/contracts';
import { PredictiveRiskModule } from './app/predictive-risk.module';
import { loadConfig } from './config';
import { creditHistoryMigration } from './infra/credit-history.migration';
import { modelGovernanceMigration } from './infra/model-governance.migration';
import { modelPromotionProposalsMigration } from './infra/model-promotion-proposals.migration';
import { predictiveRiskTablesMigration } from './infra/predictive-risk-tables.migration';

const config = loadConfig();

runService({
  config,
  schema: config.schema,
  migrations: [
    ...messagingMigrations(config.schema),
    predictiveRiskTablesMigration(config.schema),
    modelGovernanceMigration(config.schema),
    creditHistoryMigration(config.schema),
    modelPromotionProposalsMigration(config.schema),
  ],
  module: PredictiveRiskModule,
  // Up to 200 records per transaction, from any of its partitions: the state a record changes is
  // its subject's (SKU@location, order, customer), and records are keyed by subject. The handler
  // takes them as one group, so the group reads and writes each table once.
  consumer: {
    groupId: config.groupId,
    topics: [Topics.QualityScoredV1],
    maxBatchRecords: 200,
  },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`predictive-risk failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
