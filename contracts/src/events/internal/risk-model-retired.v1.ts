// risk.model-retired.v1: a refit of a model was retired in predictive-risk's registry without ever
// becoming champion: its backtest or shadow run did worse than the champion, a newer refit
// superseded it, or the champion it was validated against was replaced. Internal topic
// internal.model-lifecycle.v1, subject `modelId`; policy-enforcement appends each one to the audit
// log. Never edit: add a .v2.
import { IsNumber } from 'class-validator';
import { type ValueOf, valuesOf } from '../../common/value-of';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, Nullable } from '../../validation/decorators';

export const RISK_MODEL_RETIRED_V1 = 'risk.model-retired.v1';

export const RetirementReasons = {
  /** Its backtest (or shadow run) against the champion did worse. */
  WorseThanChampion: 'worse-than-champion',
  /** A newer refit of the same champion took its place. */
  Superseded: 'superseded',
  /** The champion it was validated against is no longer champion: its evidence is void. */
  ChampionReplaced: 'champion-replaced',
} as const;
export type RetirementReason = ValueOf<typeof RetirementReasons>;
export const RETIREMENT_REASON_VALUES = valuesOf(RetirementReasons);

export class ModelRetiredV1 {
  @IsNonEmptyString() modelId!: string;
  /** The version retired. */
  @IsNonEmptyString() version!: string;
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  @IsOneOf(RETIREMENT_REASON_VALUES) reason!: RetirementReason;
  /** The champion it was validated against. */
  @Nullable() @IsNonEmptyString() champion!: string | null;
  /** The newer refit that superseded it; null for the other reasons. */
  @Nullable() @IsNonEmptyString() supersededBy!: string | null;
  /** Backtest WAPE minus the champion's on the same history; null without one. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) backtestWapeDelta!: number | null;
  /** Shadow WAPE minus the champion's on the same live days; null without a shadow run. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) shadowWapeDelta!: number | null;
  @IsRfc3339Timestamp() retiredAt!: string;
}
