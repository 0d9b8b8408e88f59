// A proposal as the decision needs it, whichever topic it came from: predictive-risk's (made by a
// model or by its rules) or an agent's. An agent's proposal is judged on its domain's feed health
// now (the agent read the same systems), and on whether it was signed with the key of the agent it
// names: policy decides what an unverified proposal gets (the default bundle rejects it).
import type { ActionLineageV1, ActionType, ContractEvent } from '@governor/contracts';
import type { Proposer } from '../domain/cedar-request';
import type { DomainDataQuality } from '../domain/data-quality';
import type { Agent } from '../infra/database/agent-registry';
import type { ProposalRecord } from '../infra/database/decision-store';

export type RiskProposalEvent = ContractEvent<'risk.action-proposed.v1'>;
export type AgentProposalEvent = ContractEvent<'agent.action-proposed.v1'>;

export interface Proposal {
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

/** Whether an agent's proposal carries the signature of the agent it names, and if not why. */
export type SignatureCheck = { ok: true; kid: string | undefined } | { ok: false; code: string; reason: string };

export function riskProposal(event: RiskProposalEvent): Proposal {
  const p = event.data;
  return {
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
      // With their times: the published lineage above keeps the references only (ActionLineageV1).
      sourceEvents: p.sourceEvents,
    },
  };
}

export function agentProposal(
  event: AgentProposalEvent,
  agent: Agent | undefined,
  signature: SignatureCheck,
  dataQuality: DomainDataQuality,
): Proposal {
  const p = event.data;
  return {
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
        p.modelId && p.modelVersion ? { id: p.modelId, version: p.modelVersion, confidence: p.confidence } : null,
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
  };
}
