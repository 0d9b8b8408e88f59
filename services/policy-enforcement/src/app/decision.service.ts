// Decides one proposal, from predictive-risk or from an agent, inside the consumer's transaction:
// the decision row, its approval task, its audit entry and its events (DecisionMadeV1, and
// ActionApprovedV1 when automatic) commit together or not at all. A replayed proposal (same
// actionId) is decided once.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import {
  ApprovalModes,
  DecisionOutcomes,
  domainOfActionType,
  validateActionParameters,
  type ActionLineageV1,
  type ActionType,
  type ContractEvent,
} from '@governor/contracts';
import { NonRetriableError, Outbox, type OutgoingRecord } from '@governor/messaging';
import { SERVICE_CONFIG, ServiceMetrics } from '@governor/nest';
import { currentTraceHeaders } from '@governor/telemetry';
import { requiredRoleOf, taskTimes, TaskOrigins } from '../domain/approval-rules';
import { buildCedarRequest, type CedarRequest, type Proposer } from '../domain/cedar-request';
import { decide, rejectInvalidParameters, type DecisionResult } from '../domain/decision-procedure';
import { AgentSignatureVerifier } from '../infra/agent-signatures';
import { PolicyEvaluationError } from '../infra/cedar/cedar-policy-engine';
import { AgentRegistry } from '../infra/database/agent-registry';
import { ApprovalStore, type PendingAction } from '../infra/database/approval-store';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { DecisionStore, type ProposalRecord } from '../infra/database/decision-store';
import { SignalStore } from '../infra/database/signal-store';
import type { PolicyEnforcementConfig } from '../config';
import { ActivePolicyService } from './active-policy.service';
import { EventSigner } from './event-signer';
import { actionApproved, decisionMade } from './events';
import { SYSTEM_ACTOR } from './tokens';
import { governingDomains, mostRestrictiveMode } from '../domain/governing-mode';

/** A proposal as the decision needs it, whichever topic it came from. */
interface Proposal {
  actionId: string;
  actionType: ActionType;
  parameters: Record<string, unknown>;
  confidence: number;
  dataQuality: number;
  proposer: Proposer;
  agentId: string | null;
  agentOwner: string | null;
  lineage: ActionLineageV1;
  record: ProposalRecord;
}

@Injectable()
export class DecisionService {
  private readonly log = new Logger('decisions');
  private readonly decided: Counter;
  private readonly unverified: Counter;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PolicyEnforcementConfig,
    @Inject(ActivePolicyService) private readonly policy: ActivePolicyService,
    @Inject(DecisionStore) private readonly decisions: DecisionStore,
    @Inject(ApprovalStore) private readonly approvals: ApprovalStore,
    @Inject(AgentRegistry) private readonly agents: AgentRegistry,
    @Inject(AgentSignatureVerifier) private readonly signatures: AgentSignatureVerifier,
    @Inject(SignalStore) private readonly signals: SignalStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(EventSigner) private readonly signer: EventSigner,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.decided = metrics.counter('policy_decisions_total', 'Decisions by outcome', ['outcome']);
    this.unverified = metrics.counter(
      'policy_agent_signatures_unverified_total',
      'Agent proposals whose signature did not verify, by reason',
      ['code'],
    );
  }

  async decideRiskProposal(
    event: ContractEvent<'risk.action-proposed.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.data;
    await this.decideProposal(manager, {
      actionId: p.actionId,
      actionType: p.actionType,
      parameters: p.parameters,
      confidence: p.confidence,
      dataQuality: p.dataQuality.score,
      proposer: p.model
        ? { kind: 'model', modelId: p.model.id, modelVersion: p.model.version }
        : { kind: 'rules' },
      agentId: null,
      agentOwner: null,
      lineage: {
        sourceEvents: p.sourceEvents.map(({ source, id, type }) => ({ source, id, type })),
        dataQuality: { score: p.dataQuality.score, issues: [...p.dataQuality.issues] },
        model: p.model ? { id: p.model.id, version: p.model.version, confidence: p.confidence } : null,
        agentId: null,
      },
      record: {
        origin: 'predictive-risk',
        event: { source: event.source, id: event.id, type: event.type, time: event.time },
        rationale: p.rationale,
        confidence: p.confidence,
        features: p.features,
      },
    });
  }

  /**
   * An agent's proposal is judged on its domain's feed health now (the agent read the same systems),
   * and on whether it was signed with the key of the agent it names: policy decides what an
   * unverified proposal gets (the default bundle rejects it).
   */
  async decideAgentProposal(
    event: ContractEvent<'agent.action-proposed.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.data;
    const agent = await this.agents.get(manager, p.agentId);
    const signature = agent
      ? await this.signatures.verify(agent, event.signature, event.data)
      : { ok: false as const, code: 'unregistered-agent', reason: `agent ${p.agentId} is not registered` };
    const dataQuality = await this.signals.domainDataQuality(manager, domainOfActionType(p.actionType));
    await this.decideProposal(manager, {
      actionId: p.actionId,
      actionType: p.actionType,
      parameters: p.parameters,
      confidence: p.confidence,
      dataQuality: dataQuality.score,
      proposer: {
        kind: 'agent',
        agentId: p.agentId,
        registered: agent !== undefined,
        scope: agent?.scope ?? [],
        signatureVerified: signature.ok,
      },
      agentId: p.agentId,
      agentOwner: agent?.owner ?? null,
      lineage: {
        sourceEvents: [{ source: event.source, id: event.id, type: event.type }],
        dataQuality,
        model:
          p.modelId && p.modelVersion
            ? { id: p.modelId, version: p.modelVersion, confidence: p.confidence }
            : null,
        agentId: p.agentId,
      },
      record: {
        origin: 'agent',
        event: { source: event.source, id: event.id, type: event.type, time: event.time },
        rationale: p.rationale,
        confidence: p.confidence,
        signature: signature.ok
          ? { verified: true, kid: signature.kid ?? null }
          : { verified: false, code: signature.code, reason: signature.reason },
      },
    });
    if (!signature.ok) this.unverified.inc({ code: signature.code });
  }

  private async decideProposal(manager: EntityManager, proposal: Proposal): Promise<void> {
    const domain = domainOfActionType(proposal.actionType);
    const governing = governingDomains(domain, proposal.lineage.sourceEvents.map((e) => e.type));
    const domainMode = mostRestrictiveMode(await this.signals.modesOf(manager, governing));
    const { version, authorizer } = await this.policy.current();

    let request: CedarRequest | null = null;
    let result: DecisionResult;
    const parameters = validateActionParameters(proposal.actionType, proposal.parameters);
    if (!parameters.ok) {
      // Recorded and rejected rather than dead-lettered: a malformed proposal is a governance fact.
      result = rejectInvalidParameters();
      proposal.record.parameterErrors = parameters.errors.map((e) => ({
        path: e.path,
        messages: e.messages,
      }));
    } else {
      request = buildCedarRequest({
        actionId: proposal.actionId,
        actionType: proposal.actionType,
        parameters: proposal.parameters,
        confidence: proposal.confidence,
        dataQuality: proposal.dataQuality,
        domain,
        domainMode,
        proposer: proposal.proposer,
      });
      result = this.ask(request, authorizer);
    }

    const now = new Date();
    const decisionId = randomUUID();
    const policyVersion = String(version);
    const inserted = await this.decisions.insert(manager, {
      decisionId,
      actionId: proposal.actionId,
      actionType: proposal.actionType,
      domain,
      outcome: result.outcome,
      reasons: result.reasons,
      policyVersion: version,
      domainMode,
      requiredApprovers: result.requiredApprovers,
      agentId: proposal.agentId,
      parameters: proposal.parameters,
      lineage: proposal.lineage,
      proposal: proposal.record,
      cedarRequest: request,
      decidedAt: now,
    });
    if (!inserted) {
      // Decided already (a replayed proposal, or another proposal with this actionId): once only.
      this.log.log(`action ${proposal.actionId} was decided already; proposal ignored`);
      return;
    }

    const action: PendingAction = {
      actionId: proposal.actionId,
      actionType: proposal.actionType,
      domain,
      parameters: proposal.parameters,
      idempotencyKey: proposal.actionId,
      lineage: proposal.lineage,
    };
    const records: OutgoingRecord[] = [
      decisionMade(
        {
          decisionId,
          actionId: proposal.actionId,
          actionType: proposal.actionType,
          domain,
          outcome: result.outcome,
          reasons: result.reasons,
          policyVersion,
          domainMode,
        },
        now,
      ),
    ];
    if (result.outcome === DecisionOutcomes.AutoApproved) {
      records.push(
        await actionApproved(
          action,
          { mode: ApprovalModes.Automatic, approvers: [], decisionId, policyVersion },
          now,
          this.signer,
        ),
      );
    }
    let taskId: string | undefined;
    if (result.outcome === DecisionOutcomes.ApprovalRequired) {
      taskId = randomUUID();
      const times = taskTimes(
        now,
        this.config.approvalEscalateAfterSeconds,
        this.config.approvalExpireAfterSeconds,
      );
      await this.approvals.insert(manager, {
        taskId,
        actionId: proposal.actionId,
        decisionId,
        origin: TaskOrigins.Decision,
        domain,
        requiredRole: requiredRoleOf(domain),
        requiredApprovers: result.requiredApprovers,
        proposedBy: proposal.agentId,
        agentOwner: proposal.agentOwner,
        action,
        reasons: result.reasons,
        reviewReason: null,
        policyVersion,
        requestedAt: now,
        // In the proposal's record span: the schedule's later work on the task continues its trace.
        trace: currentTraceHeaders(),
        ...times,
      });
    }
    await this.outbox.enqueue(manager, records);
    // Last statement of the transaction: the audit lock is held only until the commit.
    await this.audit.append(manager, [
      {
        kind: AuditKinds.DecisionMade,
        actor: SYSTEM_ACTOR,
        subject: proposal.actionId,
        payload: {
          decisionId,
          actionType: proposal.actionType,
          domain,
          outcome: result.outcome,
          reasons: result.reasons,
          policyVersion,
          domainMode,
          requiredApprovers: result.requiredApprovers,
          taskId: taskId ?? null,
          proposedBy: proposal.agentId ?? proposal.lineage.model?.id ?? 'rule-based',
          proposalEvent: proposal.record.event,
        },
      },
    ]);
    this.decided.inc({ outcome: result.outcome });
  }

  private ask(request: CedarRequest, authorizer: Parameters<typeof decide>[1]): DecisionResult {
    try {
      return decide(request, authorizer);
    } catch (error) {
      if (error instanceof PolicyEvaluationError) {
        throw new NonRetriableError('policy-evaluation-failed', error.message, { cause: error });
      }
      throw error;
    }
  }
}
