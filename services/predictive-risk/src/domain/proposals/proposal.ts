// What a proposal is before it becomes an event: the action and its parameters, the confidence
// and rationale, the features (model inputs by name), the evidence it rests on (source events with
// their data-quality scores), the model or rule that made it, and the open need it answers. Also
// the event it turns into: deterministic actionId, dataQuality = the weakest input's score.
import {
  type ActionParametersMap,
  type ActionType,
  type ContractEvent,
  domainOfActionType,
  envelope,
  EventTypes,
  nameBasedId,
} from '@governor/contracts';
import { type ModelRef } from '../models/model-catalog';

export const PROPOSER_SOURCE = 'urn:governor:predictive-risk';

/** A source event by its de-duplication key and type, with its CloudEvents time (for the lineage). */
export interface SourceRef {
  readonly source: string;
  readonly id: string;
  readonly type: string;
  /** Absent in evidence stored before times were kept. */
  readonly time?: string;
}

/** A source event a proposal rests on, with the data-quality score it arrived with. */
export interface Evidence {
  readonly ref: SourceRef;
  readonly score: number;
  readonly issues: readonly string[];
}

export type Features = Record<string, number | string | boolean>;

export interface ProposalDraft<A extends ActionType = ActionType> {
  readonly actionType: A;
  readonly parameters: ActionParametersMap[A];
  readonly confidence: number;
  readonly rationale: string;
  readonly features: Features;
  readonly evidence: readonly Evidence[];
  /** null for a rule-based proposal, which names its rule instead. */
  readonly model: ModelRef | null;
  readonly rule?: string;
  /** The entity the action is about (SKU@LOCATION, ORDER_ID, ...): part of the actionId. */
  readonly subject: string;
  /** The source event that made the need visible: part of the actionId. */
  readonly trigger: SourceRef;
  /** The open need this answers (see open-needs.ts) and the quantity it adds to it. */
  readonly need: { readonly key: string; readonly quantity: number };
}

export type RiskActionProposedEvent = ContractEvent<typeof EventTypes.RiskActionProposedV1>;

// Fixed namespace of Governor's predictive-risk action ids (a random UUID, chosen once).
const ACTION_ID_NAMESPACE = '3b8f5e0c-5d0a-4c43-9c1e-8f7d2a6b91e4';

/**
 * Deterministic: model (or rule) and version, action type, subject and the triggering source
 * event. A replay of the same events proposes the same actionIds, which downstream de-duplicates.
 */
export function actionIdOf(draft: ProposalDraft): string {
  const maker = draft.model
    ? `${draft.model.id}|${draft.model.version}`
    : `rule:${draft.rule ?? 'unnamed'}|1`;
  const name = [maker, draft.actionType, draft.subject, draft.trigger.source, draft.trigger.id].join('|');
  return nameBasedId(ACTION_ID_NAMESPACE, name);
}

/** The weakest input decides: score = the minimum; issues of every input, named by event type. */
export function dataQualityOf(evidence: readonly Evidence[]): { score: number; issues: string[] } {
  if (evidence.length === 0) return { score: 1, issues: [] };
  const issues = new Set<string>();
  for (const e of evidence) for (const issue of e.issues) issues.add(`${e.ref.type}: ${issue}`);
  return { score: Math.min(...evidence.map((e) => e.score)), issues: [...issues] };
}

export function sourceEventsOf(evidence: readonly Evidence[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const { ref } of evidence) {
    const key = `${ref.source}\u0000${ref.id}`;
    if (!seen.has(key)) seen.set(key, { source: ref.source, id: ref.id, type: ref.type, ...(ref.time ? { time: ref.time } : {}) });
  }
  return [...seen.values()];
}

export function proposalEvent(draft: ProposalDraft, proposedAt: string): RiskActionProposedEvent {
  const actionId = actionIdOf(draft);
  return envelope(EventTypes.RiskActionProposedV1, {
    // Deterministic like the actionId, so a re-published proposal is the same event downstream.
    id: actionId,
    source: PROPOSER_SOURCE,
    subject: actionId,
    time: proposedAt,
    data: {
      actionId,
      actionType: draft.actionType,
      domain: domainOfActionType(draft.actionType),
      parameters: { ...draft.parameters },
      confidence: clampUnit(draft.confidence),
      rationale: draft.rationale,
      features: draft.features,
      dataQuality: dataQualityOf(draft.evidence),
      model: draft.model ? { id: draft.model.id, version: draft.model.version } : null,
      sourceEvents: sourceEventsOf(draft.evidence),
      proposedAt,
    },
  });
}

function clampUnit(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, round(x, 4))) : 0;
}

/** Rounds for people to read: features and confidences carry at most `digits` decimals. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Money: two decimals. */
export function money(x: number): number {
  return Math.round(x * 100) / 100;
}
