import { ActionTypes, EventTypes, parse, Topics, validateActionParameters } from '@governor/contracts';
import {
  actionIdOf,
  dataQualityOf,
  type ProposalDraft,
  proposalEvent,
  sourceEventsOf,
} from './proposal';

const draft: ProposalDraft<typeof ActionTypes.ExpediteSupplier> = {
  actionType: ActionTypes.ExpediteSupplier,
  parameters: { purchaseOrderId: 'PO-1', supplierId: 'SUP-1', reason: 'late' },
  confidence: 0.912345,
  rationale: 'late supplier',
  features: { probabilityLate: 0.9 },
  evidence: [
    {
      ref: { source: 'urn:erp', id: 'd-1', type: 'procurement.supplier-delivery-recorded.v1' },
      score: 0.9,
      issues: ['asOf old'],
    },
    {
      ref: { source: 'urn:erp', id: 'd-2', type: 'procurement.supplier-delivery-recorded.v1' },
      score: 0.7,
      issues: ['asOf old'],
    },
    {
      ref: { source: 'urn:erp', id: 'd-1', type: 'procurement.supplier-delivery-recorded.v1' },
      score: 0.9,
      issues: [],
    },
  ],
  model: { id: 'supplier-lead-time', version: '1.0.0+abc' },
  subject: 'PO-1',
  trigger: { source: 'urn:erp', id: 'd-2', type: 'procurement.supplier-delivery-recorded.v1' },
  need: { key: 'expedite|PO-1', quantity: 0 },
};

describe('proposals', () => {
  it('derives the same actionId from the same model, subject and trigger, another from another trigger', () => {
    expect(actionIdOf(draft)).toBe(actionIdOf({ ...draft, confidence: 0.1 }));
    expect(actionIdOf(draft)).not.toBe(actionIdOf({ ...draft, trigger: { ...draft.trigger, id: 'd-3' } }));
    expect(actionIdOf(draft)).not.toBe(
      actionIdOf({ ...draft, model: { id: 'supplier-lead-time', version: '1.0.1+abc' } }),
    );
  });

  it('takes the weakest input score, every issue once, and every source event once', () => {
    expect(dataQualityOf(draft.evidence)).toEqual({
      score: 0.7,
      issues: ['procurement.supplier-delivery-recorded.v1: asOf old'],
    });
    expect(sourceEventsOf(draft.evidence).map((r) => r.id)).toEqual(['d-1', 'd-2']);
  });

  it('turns a draft into a valid risk.action-proposed.v1 event', () => {
    const event = proposalEvent(draft, '2025-03-03T10:00:00.000Z');
    const parsed = parse({ value: JSON.stringify(event), topic: Topics.ActionsProposedV1 });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.event.type).toBe(EventTypes.RiskActionProposedV1);
    expect(event.id).toBe(event.data.actionId);
    expect(event.subject).toBe(event.data.actionId);
    expect(event.data).toMatchObject({
      domain: 'procurement',
      confidence: 0.9123,
      dataQuality: { score: 0.7 },
      model: { id: 'supplier-lead-time', version: '1.0.0+abc' },
    });
    expect(validateActionParameters(event.data.actionType, event.data.parameters).ok).toBe(true);
  });
});
