import { forecastAccuracy } from './forecast-accuracy';
import { type ShadowComparison } from './demand-refit';
import { type Validation } from './model-lifecycle';
import { beatsChampion, mayRefit, readyToPropose, type RefitVersion, retirementOf } from './refit-review';
import { approvedBy } from './model-lifecycle';
import { fitPromotionDraft, promotionDraft } from '../proposals/model-promotion';

const CHAMPION = '2.0.0+aaaaaaaa';
const accuracy = (error: number) => forecastAccuracy([{ key: 'A', forecast: 10 + error, actual: 10 }]);

function refit(
  status: RefitVersion['status'],
  backtestDelta: number,
  options: { against?: string; to?: string; shadowDelta?: number | null; shadowN?: number; proposed?: boolean } = {},
): RefitVersion {
  const validation: Validation = {
    method: 'rolling-origin backtest',
    comparedWith: options.against ?? CHAMPION,
    note: '',
    backtest: { candidate: accuracy(1), champion: accuracy(1), wapeDelta: backtestDelta, firstOrigin: 14 },
    history: { series: 2, from: '2025-01-05', to: options.to ?? '2025-03-01' },
    trigger: { reason: 'drift', psi: 0.9, liveWape: 0.2 },
  };
  const n = options.shadowN ?? 0;
  const shadow: ShadowComparison | null =
    options.shadowDelta === undefined
      ? null
      : {
          since: '2025-03-01T00:00:00Z',
          champion: CHAMPION,
          shadow: { ...accuracy(1), n },
          championAccuracy: accuracy(1),
          wapeDelta: options.shadowDelta,
        };
  const proposal = options.proposed ? { actionId: 'a', proposedAt: '2025-03-02T00:00:00Z', beatsChampion: true } : null;
  return { version: '2.0.0+bbbbbbbb', status, validation, shadow, proposal };
}

describe('refit review: retiring', () => {
  it('retires a candidate refit that backtests worse than the champion, so it blocks no later refit', () => {
    expect(retirementOf(refit('candidate', 0.01), CHAMPION)).toBe('worse-than-champion');
    expect(retirementOf(refit('candidate', -0.01), CHAMPION)).toBeUndefined();
    expect(retirementOf(refit('candidate', 0), CHAMPION)).toBeUndefined();
  });

  it('retires a refit, candidate or shadow, whose champion was replaced: its evidence is void', () => {
    expect(retirementOf(refit('candidate', -0.01, { against: '2.0.0+cccccccc' }), CHAMPION)).toBe('champion-replaced');
    expect(retirementOf(refit('shadow', -0.01, { against: '2.0.0+cccccccc' }), CHAMPION)).toBe('champion-replaced');
  });

  it('leaves alone a shadow that did worse live (a person decides it) and a version that is no refit', () => {
    expect(retirementOf(refit('shadow', -0.01, { shadowDelta: 0.2, shadowN: 50 }), CHAMPION)).toBeUndefined();
    const deployed = { ...refit('candidate', 0.5), validation: { method: 'none' as const, comparedWith: CHAMPION, note: '' } };
    expect(retirementOf(deployed, CHAMPION)).toBeUndefined();
  });
});

describe('refit review: proposing and refitting', () => {
  it('proposes a shadow run once it has the configured number of live forecasts, and once only', () => {
    expect(readyToPropose(refit('shadow', -0.01, { shadowDelta: -0.02, shadowN: 11 }), CHAMPION, 12)).toBe(false);
    expect(readyToPropose(refit('shadow', -0.01, { shadowDelta: -0.02, shadowN: 12 }), CHAMPION, 12)).toBe(true);
    expect(readyToPropose(refit('shadow', -0.01, { shadowDelta: -0.02, shadowN: 12, proposed: true }), CHAMPION, 12)).toBe(false);
    expect(readyToPropose(refit('candidate', -0.01, { shadowDelta: -0.02, shadowN: 12 }), CHAMPION, 12)).toBe(false);
  });

  it('counts a refit as beating the champion only when no run did worse and one did better', () => {
    expect(beatsChampion(refit('shadow', -0.01, { shadowDelta: -0.02 }), CHAMPION)).toBe(true);
    expect(beatsChampion(refit('shadow', -0.01, { shadowDelta: 0.001 }), CHAMPION)).toBe(false);
    expect(beatsChampion(refit('shadow', 0, { shadowDelta: 0 }), CHAMPION)).toBe(false);
    expect(beatsChampion(refit('shadow', -0.01, { shadowDelta: null }), CHAMPION)).toBe(true);
    expect(beatsChampion(refit('shadow', -0.01, { against: '2.0.0+cccccccc' }), CHAMPION)).toBe(false);
  });

  it('refits again only when no refit is on its way and demand newer than any refit was fitted on is recorded', () => {
    const now = new Date('2025-03-02T12:00:00Z');
    const day = 86_400_000;
    expect(mayRefit([], '2025-03-01', now, day)).toBe(true);
    expect(mayRefit([], undefined, now, day)).toBe(false);
    expect(mayRefit([refit('candidate', -0.01)], '2025-03-09', now, day)).toBe(false);
    expect(mayRefit([refit('shadow', -0.01, { shadowDelta: -0.01 })], '2025-03-09', now, day)).toBe(false);
    // Retired for doing worse: not refitted on the same days again, but on newer ones.
    expect(mayRefit([refit('retired', 0.01)], '2025-03-01', now, day)).toBe(false);
    expect(mayRefit([refit('retired', 0.01)], '2025-03-02', now, day)).toBe(true);
    // Proposed (at midnight): its decision may still come for a day; after that a refit on newer
    // days may supersede it.
    const proposed = refit('shadow', -0.01, { shadowDelta: -0.01, proposed: true });
    expect(mayRefit([proposed], '2025-03-02', now, day)).toBe(false);
    expect(mayRefit([proposed], '2025-03-02', new Date('2025-03-03T00:00:01Z'), day)).toBe(true);
  });
});

describe("a refit's promotion proposal", () => {
  it('names the model and the refit as proposer, with its evidence and risk tier as parameters', () => {
    const draft = promotionDraft(
      { id: 'demand-sensing', riskTier: 'low' },
      refit('shadow', -0.05, { shadowDelta: -0.02, shadowN: 14 }),
      CHAMPION,
    );
    expect(draft).toMatchObject({
      actionType: 'planning.promote-model-version',
      parameters: {
        modelId: 'demand-sensing',
        version: '2.0.0+bbbbbbbb',
        champion: CHAMPION,
        modelRiskTier: 'low',
        beatsChampion: true,
        backtestWapeDelta: -0.05,
        shadowWapeDelta: -0.02,
      },
      confidence: 1,
      model: { id: 'demand-sensing', version: '2.0.0+bbbbbbbb' },
      evidence: [],
    });
    const worseLive = promotionDraft({ id: 'demand-sensing', riskTier: 'low' }, refit('shadow', -0.05, { shadowDelta: 0.01, shadowN: 14 }), CHAMPION);
    expect(worseLive.parameters.beatsChampion).toBe(false);
    expect(worseLive.confidence).toBe(0.5);
  });

  it("a model fitted on outcomes beats its formula when its held-out Brier is lower, and carries its tier", () => {
    const fitted = { id: 'credit-risk', version: '1.1.0+cccccccc', riskTier: 'medium' as const };
    const draft = fitPromotionDraft(fitted, CHAMPION, { brier: 0.2, formulaBrier: 0.35, testedOn: 72 });
    expect(draft).toMatchObject({
      actionType: 'planning.promote-model-version',
      parameters: {
        modelId: 'credit-risk',
        version: '1.1.0+cccccccc',
        champion: CHAMPION,
        modelRiskTier: 'medium',
        beatsChampion: true,
        backtestWapeDelta: null,
        shadowWapeDelta: null,
      },
      confidence: 1,
      model: { id: 'credit-risk', version: '1.1.0+cccccccc' },
      features: { heldOutBrier: 0.2, formulaBrier: 0.35, heldOutOutcomes: 72 },
    });
    expect(draft.rationale).toBe(
      "a logistic regression of credit-risk (medium risk) fitted on recorded outcomes beat champion 2.0.0+aaaaaaaa's formula: Brier 0.2000 against 0.3500 on 72 held-out outcomes",
    );
    // Validated (no worse) but not better: it does not beat the champion, so policy sends it to a person.
    const tie = fitPromotionDraft(fitted, CHAMPION, { brier: 0.3, formulaBrier: 0.3, testedOn: 72 });
    expect(tie.parameters.beatsChampion).toBe(false);
    expect(tie.confidence).toBe(0);
  });

  it("records an approved promotion as by policy or by its approvers, naming the action and decision", () => {
    const approval = { actionId: 'act-1', decisionId: 'dec-1', policyVersion: '1', champion: CHAMPION };
    expect(approvedBy({ ...approval, mode: 'automatic', approvers: [] }, undefined)).toEqual({
      by: 'policy',
      reason: 'action act-1 approved automatically by policy version 1, decision dec-1',
    });
    expect(approvedBy({ ...approval, mode: 'human', approvers: ['u-gwen'] }, undefined)).toEqual({
      by: 'u-gwen',
      reason: 'action act-1 approved by u-gwen (policy version 1), decision dec-1',
    });
  });
});
