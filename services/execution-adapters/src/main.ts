import './tracing';
// execution-adapters: executes approved actions (actions.approved.v1) against the systems of
// record exactly once in effect, publishes what became of them (actions.outcomes.v1), holds
// automatic approvals of domains that have fallen back for human review, and compensates on request.
import { Topics } from '@governor/contracts';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { ExecutionModule } from './app/execution.module';
import { loadExecutionConfig } from './config';
import {
  executionListingMigration,
  executionRefusalsMigration,
  executionsMigration,
  executionTraceMigration,
} from './infra/executions.migration';
import { telemetry } from './tracing';

const config = loadExecutionConfig();

runService({
  config,
  schema: config.schema,
  migrations: [
    ...messagingMigrations(config.schema),
    executionsMigration(config.schema),
    executionRefusalsMigration(config.schema),
    executionTraceMigration(config.schema),
    executionListingMigration(config.schema),
  ],
  module: ExecutionModule,
  // No transaction and no inbox: the executions table, keyed by actionId, is this consumer's
  // de-duplication, and the target is called outside any transaction (see ExecutorService). Up to 50 approved actions at a
  // time, from any of its partitions: recorded together, their targets called at once. That table
  // also recognises a redelivered action, so offsets are committed together once a second, as
  // consumers with an inbox do.
  consumer: {
    groupId: config.groupId,
    topics: [Topics.ActionsApprovedV1],
    transaction: false,
    maxBatchRecords: 50,
    commitIntervalMs: 1_000,
    sessionTimeoutMs: config.sessionTimeoutMs,
  },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`execution-adapters failed to start: ${(error as Error).stack}\n`);
  process.exit(1);
});
