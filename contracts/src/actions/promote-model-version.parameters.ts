// Parameters of `planning.promote-model-version` (docs/contract.md section 7): make a validated model
// version its model's champion in predictive-risk's registry. predictive-risk proposes it once a
// refit's backtest and shadow run are in; policy decides whether it promotes itself or waits for a
// person, from the model's risk tier and whether the version beat the champion.
import { IsBoolean, IsNumber } from 'class-validator';
import { type ValueOf, valuesOf } from '../common/value-of';
import { IsNonEmptyString, IsOneOf, Nullable } from '../validation/decorators';

/** How much harm a model's mistakes can do, as its owner classed it (its model card says why). */
export const ModelRiskTiers = { Low: 'low', Medium: 'medium', High: 'high' } as const;
export type ModelRiskTier = ValueOf<typeof ModelRiskTiers>;
export const MODEL_RISK_TIER_VALUES = valuesOf(ModelRiskTiers);

export class PromoteModelVersionParameters {
  @IsNonEmptyString() modelId!: string;
  /** The version to promote. */
  @IsNonEmptyString() version!: string;
  /** The champion it was validated against, which it replaces. */
  @IsNonEmptyString() champion!: string;
  @IsOneOf(MODEL_RISK_TIER_VALUES) modelRiskTier!: ModelRiskTier;
  /** Neither its backtest nor its shadow run did worse than the champion, and at least one did better. */
  @IsBoolean() beatsChampion!: boolean;
  /** Backtest WAPE minus the champion's on the same history; null without one. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) backtestWapeDelta!: number | null;
  /** Shadow WAPE minus the champion's on the same live days; null without a shadow run. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) shadowWapeDelta!: number | null;
}
