// The policy-enforcement application: Cedar engine and stores as providers, the services that
// decide, approve and keep the policy version, and the HTTP and Kafka controllers around them.
import { Module, type Provider } from '@nestjs/common';
import { SERVICE_CONFIG, storeRetentionProviders } from '@governor/nest';
import type { PolicyEnforcementConfig } from '../config';
import { AgentSignatureVerifier } from '../infra/agent-signatures';
import { CedarPolicyEngine } from '../infra/cedar/cedar-policy-engine';
import { readPolicyFiles, type PolicyFiles } from '../infra/cedar/policy-files';
import { AgentRegistry } from '../infra/database/agent-registry';
import { AuditCheckpointStore } from '../infra/database/audit-checkpoint-store';
import { ApprovalStore } from '../infra/database/approval-store';
import { AuditLog } from '../infra/database/audit-log';
import { DecisionStore } from '../infra/database/decision-store';
import { PolicyStore } from '../infra/database/policy-store';
import { retainedStores } from '../infra/database/retained-stores';
import { SignalStore } from '../infra/database/signal-store';
import { loadSigningKeys } from '../infra/signing/signing-keys';
import { ActivePolicyService } from './active-policy.service';
import { AgentsController } from './agents.controller';
import { ApprovalScheduler } from './approval-scheduler.service';
import { ApprovalService } from './approval.service';
import { ApprovalsController } from './approvals.controller';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditController } from './audit.controller';
import { DecisionService } from './decision.service';
import { EventSigner } from './event-signer';
import { EventsController } from './events.controller';
import { EvidencePackService } from './evidence-pack.service';
import { JwksController } from './jwks.controller';
import { LineageService } from './lineage.service';
import { PoliciesController } from './policies.controller';
import { PolicySetsController } from './policy-sets.controller';
import { PolicyService } from './policy.service';
import { POLICY_FILES, SIGNING_KEYS } from './tokens';

/** A store that needs only the schema name. */
function store<T>(type: new (schema: string) => T): Provider {
  return {
    provide: type,
    useFactory: (config: PolicyEnforcementConfig) => new type(config.schema),
    inject: [SERVICE_CONFIG],
  };
}

@Module({
  controllers: [
    EventsController,
    PoliciesController,
    PolicySetsController,
    ApprovalsController,
    AgentsController,
    AuditController,
    JwksController,
  ],
  providers: [
    ...storeRetentionProviders(retainedStores),
    {
      provide: POLICY_FILES,
      useFactory: (config: PolicyEnforcementConfig) => readPolicyFiles(config.policyDirectory),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: CedarPolicyEngine,
      useFactory: (files: PolicyFiles) => new CedarPolicyEngine(files.schema),
      inject: [POLICY_FILES],
    },
    store(PolicyStore),
    store(DecisionStore),
    store(ApprovalStore),
    store(AgentRegistry),
    store(SignalStore),
    store(AuditLog),
    store(AuditCheckpointStore),
    {
      provide: SIGNING_KEYS,
      useFactory: (config: PolicyEnforcementConfig) => loadSigningKeys(config.signing),
      inject: [SERVICE_CONFIG],
    },
    EventSigner,
    AuditCheckpointService,
    { provide: AgentSignatureVerifier, useValue: new AgentSignatureVerifier() },
    ActivePolicyService,
    DecisionService,
    ApprovalService,
    ApprovalScheduler,
    PolicyService,
    LineageService,
    EvidencePackService,
  ],
})
export class PolicyEnforcementModule {}
