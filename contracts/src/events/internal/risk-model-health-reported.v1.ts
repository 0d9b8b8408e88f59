// risk.model-health-reported.v1: drift and bias of one predictive model, from predictive-risk.
// Internal topic internal.model-health.v1, subject `modelId`. Not in docs/contract.md, but versioned
// like it: never edit, add a .v2 beside it (`shadows` is an optional, additive field of 1.1).
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsObject, ValidateNested } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import {
  IsNonEmptyString,
  IsNonNegativeInt,
  IsNonNegativeNumber,
  IsOneOf,
  IsRfc3339Timestamp,
  Nullable,
  Optional,
} from '../../validation/decorators';

export const RISK_MODEL_HEALTH_REPORTED_V1 = 'risk.model-health-reported.v1';

/**
 * A version of the model running in shadow, scored on live traffic beside its champion in the same
 * tick as the report: the same forecasts (days whose actual arrived since `since`) for both.
 */
export class ShadowRunV1 {
  @IsNonEmptyString() version!: string;
  /** The champion it runs beside. */
  @IsNonEmptyString() champion!: string;
  /** When it went into shadow. */
  @IsRfc3339Timestamp() since!: string;
  /** Live forecasts scored for both. */
  @IsNonNegativeInt() forecasts!: number;
  /** The shadow's WAPE on them; null when their actuals sum to 0 or there are none. */
  @Nullable() @IsNonNegativeNumber() wape!: number | null;
  @Nullable() @IsNonNegativeNumber() championWape!: number | null;
  /** wape - championWape: negative when the shadow does better. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) wapeDelta!: number | null;
}

export class ModelHealthReportedV1 {
  @IsNonEmptyString() modelId!: string;
  @IsNonEmptyString() modelVersion!: string;
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  /** Population stability index of the inputs; null when there is not enough data yet. */
  @Nullable() @IsNonNegativeNumber() psi!: number | null;
  /** PSI of each input by name. */
  @IsObject() psiByInput!: Record<string, number>;
  /** Mean of forecast minus actual, either sign; null when no actuals are known yet. */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) forecastBias!: number | null;
  @IsNonNegativeInt() biasSampleSize!: number;
  @IsNonNegativeInt() referenceSize!: number;
  @IsNonNegativeInt() currentSize!: number;
  @IsRfc3339Timestamp() reportedAt!: string;
  /** Its shadow runs, scored in this report's tick; empty or absent when it has none. */
  @Optional() @IsArray() @ValidateNested({ each: true }) @Type(() => ShadowRunV1) shadows?: ShadowRunV1[];
}
