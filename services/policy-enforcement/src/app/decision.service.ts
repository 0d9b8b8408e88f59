// Decides proposals, from predictive-risk or from agents, a group at a time inside the consumer's
// transaction: the decision rows, their approval tasks, audit entries and events (DecisionMadeV1,
// and ActionApprovedV1 when automatic) commit together or not at all. A group costs a fixed handful
// of statements however many proposals it holds: what the decisions read (the domains' modes; for
// agents' proposals the agents and the feeds' health) is read once, each proposal is decided in
// memory in order, and the rows of each table are written in one statement. A replayed proposal
// (an actionId decided already, in an earlier group or earlier in this one) is decided once.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import {
  ApprovalModes,
  DecisionOutcomes,
  domainOfActionType,
  validateActionParameters,
  type EventTypes,
} from '@governor/contracts';
import {
  NonRetriableError,
  Outbox,
  recordSpan,
  type OutgoingRecord,
  type ReceivedEvent,
} from '@governor/messaging';
import { SERVICE_CONFIG, ServiceMetrics } from '@governor/nest';
import { currentTraceHeaders, type TraceHeaders } from '@governor/telemetry';
import { requiredRoleOf, taskTimes, TaskOrigins } from '../domain/approval-rules';
import { buildCedarRequest, type CedarRequest } from '../domain/cedar-request';
import { domainDataQuality } from '../domain/data-quality';
import { decide, rejectInvalidParameters, type DecisionResult, type PolicyAuthorizer } from '../domain/decision-procedure';
import { governingDomains, mostRestrictiveMode } from '../domain/governing-mode';
import { AgentSignatureVerifier } from '../infra/agent-signatures';
import { PolicyEvaluationError } from '../infra/cedar/cedar-policy-engine';
import { AgentRegistry, type Agent } from '../infra/database/agent-registry';
import { ApprovalStore, type NewTask, type PendingAction } from '../infra/database/approval-store';
import { AuditKinds, AuditLog, type AuditRecord } from '../infra/database/audit-log';
import { DecisionStore, type DecisionRecord } from '../infra/database/decision-store';
import { SignalStore } from '../infra/database/signal-store';
import type { PolicyEnforcementConfig } from '../config';
import { ActivePolicyService, type ActiveVersion } from './active-policy.service';
import { EventSigner } from './event-signer';
import { actionApproved, decisionMade } from './events';
import {
  agentProposal,
  riskProposal,
  type AgentProposalEvent,
  type Proposal,
  type SignatureCheck,
} from './proposals';
import { SYSTEM_ACTOR } from './tokens';

/**
 * One proposal decided: the decision row as stored, and what its task and events need besides.
 * The row, the events and the audit entry are all made from it.
 */
interface Decision extends DecisionRecord {
  /** The approval task it opens, when approval is required. */
  taskId: string | null;
  agentOwner: string | null;
  /** The trace context of the proposal's record span: its events and its task continue it. */
  trace: TraceHeaders;
}

interface Arrival {
  received: ReceivedEvent<typeof EventTypes.RiskActionProposedV1 | typeof EventTypes.AgentActionProposedV1>;
  proposal: Proposal;
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

  /** A group of risk.action-proposed.v1 records, in order. */
  async decideRiskProposals(records: readonly ReceivedEvent<typeof EventTypes.RiskActionProposedV1>[], manager: EntityManager): Promise<void> {
    await this.decideAll(
      manager,
      records.map((received) => ({ received, proposal: riskProposal(received.event) })),
    );
  }

  /** A group of agent.action-proposed.v1 records, in order: their agents and the feeds read once. */
  async decideAgentProposals(records: readonly ReceivedEvent<typeof EventTypes.AgentActionProposedV1>[], manager: EntityManager): Promise<void> {
    const events = records.map((r) => r.event);
    const agents = await this.agents.getAll(manager, events.map((e) => e.data.agentId));
    const feeds = await this.signals.feedHealth(manager);
    const arrivals: Arrival[] = [];
    const unverified: string[] = [];
    for (const [i, received] of records.entries()) {
      const event = events[i];
      const agent = agents.get(event.data.agentId);
      const signature = await this.checkSignature(event, agent);
      if (!signature.ok) unverified.push(signature.code);
      const quality = domainDataQuality(feeds, domainOfActionType(event.data.actionType));
      arrivals.push({ received, proposal: agentProposal(event, agent, signature, quality) });
    }
    await this.decideAll(manager, arrivals);
    for (const code of unverified) this.unverified.inc({ code });
  }

  private checkSignature(event: AgentProposalEvent, agent: Agent | undefined): Promise<SignatureCheck> {
    if (!agent) {
      const reason = `agent ${event.data.agentId} is not registered`;
      return Promise.resolve({ ok: false, code: 'unregistered-agent', reason });
    }
    return this.signatures.verify(agent, event.signature, event.data);
  }

  private async decideAll(manager: EntityManager, arrivals: readonly Arrival[]): Promise<void> {
    const policy = await this.policy.current();
    const decisions: Decision[] = [];
    for (const { received, proposal } of arrivals) {
      decisions.push(await recordSpan(received, () => this.decide(manager, proposal, policy)));
    }
    const inserted = await this.decisions.insertAll(manager, decisions);
    const made = decisions.filter((d) => inserted.has(d.decisionId));
    for (const replayed of decisions.filter((d) => !inserted.has(d.decisionId))) {
      this.log.log(`action ${replayed.actionId} was decided already; proposal ignored`);
    }
    await this.approvals.insertAll(manager, made.flatMap((d) => this.taskOf(d)));
    const events: OutgoingRecord[] = [];
    for (const d of made) events.push(...(await this.eventsOf(d)));
    await this.outbox.enqueue(manager, events);
    // Written at the end of the transaction, after the outbox rows: the audit lock is held only until the commit.
    await this.audit.append(manager, made.map(auditEntryOf));
    for (const d of made) this.decided.inc({ outcome: d.outcome });
  }

  /** Decides one proposal in memory; run in its record's span. */
  private async decide(manager: EntityManager, proposal: Proposal, policy: ActiveVersion): Promise<Decision> {
    const domain = domainOfActionType(proposal.actionType);
    const governing = governingDomains(domain, proposal.lineage.sourceEvents.map((e) => e.type));
    // Read from Postgres at the transaction's first call only, then kept for it.
    const domainMode = mostRestrictiveMode(await this.signals.modesOf(manager, governing));
    let request: CedarRequest | null = null;
    let result: DecisionResult;
    let record = proposal.record;
    const parameters = validateActionParameters(proposal.actionType, proposal.parameters);
    if (!parameters.ok) {
      // Recorded and rejected rather than dead-lettered: a malformed proposal is a governance fact.
      result = rejectInvalidParameters();
      record = { ...record, parameterErrors: parameters.errors.map((e) => ({ path: e.path, messages: e.messages })) };
    } else {
      request = buildCedarRequest({ ...proposal, domain, domainMode });
      result = ask(request, policy.authorizer);
    }
    return {
      decisionId: randomUUID(),
      actionId: proposal.actionId,
      actionType: proposal.actionType,
      domain,
      outcome: result.outcome,
      reasons: result.reasons,
      policyVersion: policy.version,
      policySets: policy.sets,
      domainMode,
      requiredApprovers: result.requiredApprovers,
      agentId: proposal.agentId,
      parameters: proposal.parameters,
      lineage: proposal.lineage,
      proposal: record,
      cedarRequest: request,
      decidedAt: new Date(),
      taskId: result.outcome === DecisionOutcomes.ApprovalRequired ? randomUUID() : null,
      agentOwner: proposal.agentOwner,
      trace: currentTraceHeaders(),
    };
  }

  /** The approval task a decision opens (none unless approval is required). */
  private taskOf(d: Decision): NewTask[] {
    if (d.taskId === null) return [];
    const { approvalEscalateAfterSeconds, approvalExpireAfterSeconds } = this.config;
    return [
      {
        taskId: d.taskId,
        actionId: d.actionId,
        decisionId: d.decisionId,
        origin: TaskOrigins.Decision,
        domain: d.domain,
        requiredRole: requiredRoleOf(d.domain, d.actionType),
        requiredApprovers: d.requiredApprovers,
        proposedBy: d.agentId,
        agentOwner: d.agentOwner,
        action: pendingActionOf(d),
        reasons: d.reasons,
        reviewReason: null,
        policyVersion: String(d.policyVersion),
        requestedAt: d.decidedAt,
        // The schedule's later work on the task continues the proposal's trace.
        trace: d.trace,
        ...taskTimes(d.decidedAt, approvalEscalateAfterSeconds, approvalExpireAfterSeconds),
      },
    ];
  }

  /** DecisionMadeV1, and the approved action (signed) when it runs automatically, in the proposal's trace. */
  private async eventsOf(d: Decision): Promise<OutgoingRecord[]> {
    const policyVersion = String(d.policyVersion);
    const { decisionId, actionId, actionType, domain, outcome, reasons, domainMode } = d;
    const records = [
      decisionMade({ decisionId, actionId, actionType, domain, outcome, reasons, policyVersion, policyVersions: d.policySets, domainMode }, d.decidedAt),
    ];
    if (outcome === DecisionOutcomes.AutoApproved) {
      const approval = { mode: ApprovalModes.Automatic, approvers: [], decisionId, policyVersion };
      records.push(await actionApproved(pendingActionOf(d), approval, d.decidedAt, this.signer));
    }
    return records.map((record) => ({ ...record, headers: d.trace }));
  }
}

function ask(request: CedarRequest, authorizer: PolicyAuthorizer): DecisionResult {
  try {
    return decide(request, authorizer);
  } catch (error) {
    if (error instanceof PolicyEvaluationError) {
      throw new NonRetriableError('policy-evaluation-failed', error.message, { cause: error });
    }
    throw error;
  }
}

/** The action as it will be published once approved; idempotencyKey is the actionId. */
function pendingActionOf(d: Decision): PendingAction {
  return {
    actionId: d.actionId,
    actionType: d.actionType,
    domain: d.domain,
    parameters: d.parameters,
    idempotencyKey: d.actionId,
    lineage: d.lineage,
  };
}

function auditEntryOf(d: Decision): AuditRecord {
  return {
    kind: AuditKinds.DecisionMade,
    actor: SYSTEM_ACTOR,
    subject: d.actionId,
    payload: {
      decisionId: d.decisionId,
      actionType: d.actionType,
      domain: d.domain,
      outcome: d.outcome,
      reasons: d.reasons,
      policyVersion: String(d.policyVersion),
      domainMode: d.domainMode,
      requiredApprovers: d.requiredApprovers,
      taskId: d.taskId,
      proposedBy: d.agentId ?? d.lineage.model?.id ?? 'rule-based',
      proposalEvent: d.proposal.event,
    },
  };
}
