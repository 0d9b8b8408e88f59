// policy-enforcement: decides every proposed action under versioned Cedar policy, runs the human
// approval queue with separation of duties, and keeps the hash-chained audit log and lineage.
import './v8-flags';
import './tracing';
import 'reflect-metadata';
import { Topics } from '@governor/contracts';
import { messagingTablesMigration } from '@governor/messaging';
import { runService } from '@governor/nest';
import { PolicyEnforcementModule } from './app/policy-enforcement.module';
import { loadConfig } from './config';
import { policyEnforcementMigration } from './infra/database/policy-enforcement.migration';
import { telemetry } from './tracing';

const config = loadConfig();

void runService({
  config,
  schema: config.schema,
  migrations: [messagingTablesMigration(config.schema), policyEnforcementMigration(config.schema)],
  module: PolicyEnforcementModule,
  consumer: {
    groupId: config.groupId,
    // From the beginning on first start: the compacted domain-modes topic then yields every
    // domain's current mode, kept in Postgres for all instances.
    fromBeginning: true,
    // One record per transaction (no maxBatchRecords): the audit log's chain lock is taken by the
    // append, which must be the last statement of its transaction for the lock to be held briefly;
    // a group of decisions would hold it from the first decision's append to the group's commit,
    // and under load the approval schedule and HTTP approvals then queued behind it.
    topics: [
      Topics.ActionsProposedV1,
      Topics.AgentsProposalsV1,
      Topics.FeedHealthV1,
      Topics.DomainModesV1,
      Topics.ActionsOutcomesV1,
      Topics.ReviewRequestsV1,
    ],
  },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`policy-enforcement failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
