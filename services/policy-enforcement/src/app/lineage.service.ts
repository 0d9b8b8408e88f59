// The whole story of one action (GET /lineage/{actionId}): the proposal and the source events it
// came from (with their times), its data quality, the model with its inputs, the decision and the
// policy version, every approval task and who approved, what execution reported, and the audit
// entries about it.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '@governor/nest';
import { ApprovalStore } from '../infra/database/approval-store';
import { AuditLog } from '../infra/database/audit-log';
import { DecisionStore, type ProposalRecord } from '../infra/database/decision-store';
import { SignalStore } from '../infra/database/signal-store';
import { taskView } from './task-view';

@Injectable()
export class LineageService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DecisionStore) private readonly decisions: DecisionStore,
    @Inject(ApprovalStore) private readonly approvals: ApprovalStore,
    @Inject(SignalStore) private readonly signals: SignalStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async of(actionId: string): Promise<object> {
    const [decision, tasks, outcomes, audit] = await Promise.all([
      this.decisions.byActionId(this.dataSource, actionId),
      this.approvals.forAction(this.dataSource, actionId),
      this.signals.outcomesOf(this.dataSource, actionId),
      this.audit.forSubject(this.dataSource, actionId),
    ]);
    if (!decision && tasks.length === 0)
      throw notFound('action-not-found', `no decision or task for action ${actionId}`);
    const lineage = decision?.lineage ?? tasks[0].action.lineage;
    const outcomeViews = outcomes.map((o) => ({ ...o, occurredAt: o.occurredAt.toISOString() }));
    return {
      actionId,
      actionType: decision?.actionType ?? tasks[0].action.actionType,
      domain: decision?.domain ?? tasks[0].domain,
      parameters: decision?.parameters ?? tasks[0].action.parameters,
      proposal: decision?.proposal ?? null,
      sourceEvents: lineage.sourceEvents.map((e) => ({ ...e, time: sourceEventTime(e, decision?.proposal) })),
      dataQuality: lineage.dataQuality,
      // The model's inputs are the proposal's features (predictive-risk's); an agent gives none.
      // predictive-risk's models have a card in its registry (docs/contract.md section 7, Models).
      model: lineage.model && {
        ...lineage.model,
        inputs: decision?.proposal.features ?? null,
        card: lineage.agentId ? null : modelCard(lineage.model),
      },
      agentId: lineage.agentId,
      decision: decision
        ? {
            decisionId: decision.decisionId,
            outcome: decision.outcome,
            reasons: decision.reasons,
            policyVersion: String(decision.policyVersion),
            policySets: decision.policySets,
            domainMode: decision.domainMode,
            requiredApprovers: decision.requiredApprovers,
            decidedAt: decision.decidedAt.toISOString(),
          }
        : null,
      approvals: tasks.map(taskView),
      outcome: outcomeViews.length > 0 ? outcomeViews[outcomeViews.length - 1] : null,
      outcomes: outcomeViews,
      audit: audit.map((e) => ({ seq: e.seq, occurredAt: e.occurredAt, kind: e.kind, actor: e.actor })),
    };
  }
}

/**
 * When a source event happened (its CloudEvents time), or null when unknown: predictive-risk names
 * its source events with their times (decisions made before it did have none); an agent's proposal
 * is itself the source event.
 */
function sourceEventTime(ref: { source: string; id: string }, proposal: ProposalRecord | undefined): string | null {
  if (!proposal) return null;
  const same = (e: { source: string; id: string }) => e.source === ref.source && e.id === ref.id;
  return proposal.sourceEvents?.find(same)?.time ?? (same(proposal.event) ? proposal.event.time : null);
}

/** Where predictive-risk's registry shows a model version's card: GET {path} on that service. */
function modelCard(model: { id: string; version: string }): { service: string; path: string } {
  return {
    service: 'predictive-risk',
    path: `/models/${encodeURIComponent(model.id)}/versions/${encodeURIComponent(model.version)}`,
  };
}
