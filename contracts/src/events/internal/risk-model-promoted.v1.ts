// risk.model-promoted.v1: a model version became its model's champion in predictive-risk's registry,
// by a deployment (the configured version, validated against the champion it replaced) or by a
// person (POST /models/{id}/versions/{version}/promote). Internal topic internal.model-lifecycle.v1,
// subject `modelId`; policy-enforcement appends each one to the audit log. Never edit: add a .v2.
import { IsBoolean, IsNumber } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, Nullable } from '../../validation/decorators';

export const RISK_MODEL_PROMOTED_V1 = 'risk.model-promoted.v1';

export class ModelPromotedV1 {
  @IsNonEmptyString() modelId!: string;
  /** The version now champion. */
  @IsNonEmptyString() version!: string;
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  /** The champion it replaced (now retired); null for a model's first version. */
  @Nullable() @IsNonEmptyString() replaced!: string | null;
  /** The user who promoted it, or `deployment`. */
  @IsNonEmptyString() by!: string;
  /** Its backtest or shadow run against the replaced champion did worse. */
  @IsBoolean() worseThanChampion!: boolean;
  /** Why; required by the service when worseThanChampion. */
  @Nullable() @IsNonEmptyString() reason!: string | null;
  /** Backtest WAPE minus the champion's on the same history; null without one. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) backtestWapeDelta!: number | null;
  /** Shadow WAPE minus the champion's on the same live days; null without a shadow run. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) shadowWapeDelta!: number | null;
  @IsRfc3339Timestamp() promotedAt!: string;
}
