// policy-enforcement: decides every proposed action under versioned Cedar policy, runs the human
// approval queue with separation of duties, and keeps the hash-chained audit log and lineage.
import './v8-flags';
import './tracing';
import 'reflect-metadata';
import { Topics } from '@governor/contracts';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { PolicyEnforcementModule } from './app/policy-enforcement.module';
import { loadConfig } from './config';
import {
  agentPublicKeyMigration,
  approvalTaskOrdersMigration,
  auditLogTimeMigration,
  approvalTaskTraceMigration,
  auditCheckpointsMigration,
  policyEnforcementMigration,
  policyVersionActivationMigration,
} from './infra/database/policy-enforcement.migration';
import { feedHealthTrustMigration } from './infra/database/feed-health-trust.migration';
import { policySetsMigration } from './infra/database/policy-sets.migration';
import { telemetry } from './tracing';

const config = loadConfig();

void runService({
  config,
  schema: config.schema,
  migrations: [
    ...messagingMigrations(config.schema),
    policyEnforcementMigration(config.schema),
    approvalTaskTraceMigration(config.schema),
    auditCheckpointsMigration(config.schema),
    agentPublicKeyMigration(config.schema),
    policyVersionActivationMigration(config.schema),
    approvalTaskOrdersMigration(config.schema),
    auditLogTimeMigration(config.schema),
    feedHealthTrustMigration(config.schema),
    policySetsMigration(config.schema),
  ],
  module: PolicyEnforcementModule,
  consumer: {
    groupId: config.groupId,
    // From the beginning on first start: the compacted domain-modes topic then yields every
    // domain's current mode, kept in Postgres for all instances.
    fromBeginning: true,
    // Up to 100 records per transaction, from any of its partitions, handed to each handler a type
    // at a time: proposals are decided a group at a time (decision.service.ts). Their outbox rows
    // and audit entries are written together when the group is about to commit (the audit entries
    // last), so the audit chain's lock, which the approval schedule and HTTP approvals also take,
    // is held only for the end of a group.
    maxBatchRecords: 100,
    topics: [
      Topics.ActionsProposedV1,
      Topics.AgentsProposalsV1,
      Topics.FeedHealthV1,
      Topics.DomainModesV1,
      Topics.ActionsOutcomesV1,
      Topics.ReviewRequestsV1,
      Topics.SecurityEventsV1,
      Topics.AuditEntriesV1,
      Topics.ModelLifecycleV1,
    ],
  },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`policy-enforcement failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
