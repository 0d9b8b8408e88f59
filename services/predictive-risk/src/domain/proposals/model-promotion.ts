// The proposal to promote a refit (planning.promote-model-version), made once its backtest and its
// shadow run against the champion are in. The refit itself proposes it (the lineage's model is the
// refit's id and version, whose card holds the evidence); policy decides whether it promotes itself
// or waits for a person, from the model's risk tier and whether it beat the champion.
import { ActionTypes, EventTypes, type ModelRiskTier } from '@governor/contracts';
import { beatsChampion, type RefitVersion } from '../models/refit-review';
import { type Features, PROPOSER_SOURCE, type ProposalDraft, round } from './proposal';

export function promotionDraft(
  model: { readonly id: string; readonly riskTier: ModelRiskTier },
  refit: RefitVersion,
  champion: string,
): ProposalDraft<typeof ActionTypes.PromoteModelVersion> {
  const backtest = refit.validation?.comparedWith === champion ? (refit.validation.backtest?.wapeDelta ?? null) : null;
  const shadow = refit.shadow?.champion === champion ? refit.shadow.wapeDelta : null;
  const runs = [backtest, shadow].filter((d): d is number => d !== null);
  const better = runs.filter((d) => d < 0).length;
  const beats = beatsChampion(refit, champion);
  const features: Features = {
    modelRiskTier: model.riskTier,
    beatsChampion: beats,
    shadowForecasts: refit.shadow?.shadow.n ?? 0,
  };
  if (backtest !== null) features.backtestWapeDelta = round(backtest);
  if (shadow !== null) features.shadowWapeDelta = round(shadow);
  const trigger = refit.validation?.trigger;
  if (trigger) features.trigger = trigger.reason;
  return promoting({ ...model, version: refit.version }, champion, {
    beats,
    backtestWapeDelta: backtest,
    shadowWapeDelta: shadow,
    // The share of its validation runs (backtest, shadow) in which it did better than the champion.
    confidence: runs.length === 0 ? 0 : better / runs.length,
    rationale:
      `refit ${refit.version} of ${model.id} (${model.riskTier} risk${trigger ? `, started by ${trigger.reason}` : ''}) ` +
      `${beats ? 'beat' : 'did not beat'} champion ${champion}: WAPE delta ${figure(backtest)} in its backtest, ` +
      `${figure(shadow)} in shadow over ${refit.shadow?.shadow.n ?? 0} live forecasts`,
    features,
  });
}

/** A model fitted on recorded outcomes, against the formula it would replace, on held-out outcomes. */
export interface HeldOutComparison {
  readonly brier: number | null;
  readonly formulaBrier: number | null;
  readonly testedOn: number;
}

/**
 * The proposal to promote a model fitted on recorded outcomes (order fulfilment, credit risk) over
 * the champion whose formula it would replace. It beats the champion when its Brier score on the
 * held-out outcomes is lower than the formula's on the same outcomes; it has no WAPE to compare.
 * Like a refit, the fitted version proposes itself, and policy decides from the model's risk tier.
 */
export function fitPromotionDraft(
  model: { readonly id: string; readonly version: string; readonly riskTier: ModelRiskTier },
  champion: string,
  heldOut: HeldOutComparison,
): ProposalDraft<typeof ActionTypes.PromoteModelVersion> {
  const { brier, formulaBrier, testedOn } = heldOut;
  const beats = brier !== null && formulaBrier !== null && brier < formulaBrier;
  const features: Features = { modelRiskTier: model.riskTier, beatsChampion: beats, heldOutOutcomes: testedOn };
  if (brier !== null) features.heldOutBrier = round(brier);
  if (formulaBrier !== null) features.formulaBrier = round(formulaBrier);
  return promoting(model, champion, {
    beats,
    backtestWapeDelta: null,
    shadowWapeDelta: null,
    confidence: beats ? 1 : 0,
    rationale:
      `a logistic regression of ${model.id} (${model.riskTier} risk) fitted on recorded outcomes ` +
      `${beats ? 'beat' : 'did not beat'} champion ${champion}'s formula: Brier ${figure(brier)} against ` +
      `${figure(formulaBrier)} on ${testedOn} held-out outcomes`,
    features,
  });
}

/** What a promotion proposal says of the version that sets it apart; the rest is promoting()'s. */
interface PromotionCase {
  beats: boolean;
  backtestWapeDelta: number | null;
  shadowWapeDelta: number | null;
  confidence: number;
  rationale: string;
  features: Features;
}

/**
 * The proposal to make `model.version` the champion in place of `champion`. The version proposes
 * itself (the lineage's model is that version, whose card holds the evidence), so it rests on no
 * source event; one proposal per version: the actionId names the model, the version and this
 * trigger only.
 */
function promoting(
  model: { readonly id: string; readonly version: string; readonly riskTier: ModelRiskTier },
  champion: string,
  { beats, backtestWapeDelta, shadowWapeDelta, confidence, rationale, features }: PromotionCase,
): ProposalDraft<typeof ActionTypes.PromoteModelVersion> {
  return {
    actionType: ActionTypes.PromoteModelVersion,
    parameters: { modelId: model.id, version: model.version, champion, modelRiskTier: model.riskTier, beatsChampion: beats, backtestWapeDelta, shadowWapeDelta },
    confidence,
    rationale,
    features,
    evidence: [],
    model: { id: model.id, version: model.version },
    subject: `${model.id}@${model.version}`,
    trigger: { source: PROPOSER_SOURCE, id: `promote:${model.id}@${model.version}`, type: EventTypes.ModelHealthReportedV1 },
    need: { key: `promote:${model.id}`, quantity: 0 },
  };
}

/** A WAPE delta or Brier score as a proposal's rationale prints it. */
function figure(value: number | null): string {
  return value === null ? '-' : value.toFixed(4);
}
