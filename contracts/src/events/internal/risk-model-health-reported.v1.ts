// risk.model-health-reported.v1: drift and bias of one predictive model, from predictive-risk.
// Internal topic internal.model-health.v1, subject `modelId`. Not in docs/contract.md, but versioned
// like it: never edit, add a .v2 beside it.
import { IsNumber, IsObject } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import {
  IsNonEmptyString,
  IsNonNegativeInt,
  IsNonNegativeNumber,
  IsOneOf,
  IsRfc3339Timestamp,
  Nullable,
} from '../../validation/decorators';

export const RISK_MODEL_HEALTH_REPORTED_V1 = 'risk.model-health-reported.v1';

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
}
