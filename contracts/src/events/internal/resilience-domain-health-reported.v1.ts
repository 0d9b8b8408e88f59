// resilience.domain-health-reported.v1: the health score of one business domain and the signals
// behind it, for the circuit breaker. Internal topic internal.domain-health.v1, subject the domain.
// Not in docs/contract.md, but versioned like it: never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, Min, ValidateNested } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import {
  IsNonEmptyString,
  IsOneOf,
  IsRfc3339Timestamp,
  IsUnitInterval,
  Nullable,
} from '../../validation/decorators';

export const RESILIENCE_DOMAIN_HEALTH_REPORTED_V1 = 'resilience.domain-health-reported.v1';

/** One signal that lowered the health score, and by how much. */
export class HealthReasonV1 {
  @IsNonEmptyString() signal!: string;
  /** The signal's measured value; null when it has none (e.g. a feed never seen). */
  @Nullable() @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number | null;
  @IsUnitInterval() penalty!: number;
  @IsNonEmptyString() message!: string;
}

export class DomainHealthReportedV1 {
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  @IsUnitInterval() health!: number;
  @IsInt() @Min(1) windowSeconds!: number;
  /** Subjects of the stale feeds (`feedSource|topic`); empty when none is stale. */
  @IsArray() @IsNonEmptyString({ each: true }) staleFeeds!: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => HealthReasonV1) reasons!: HealthReasonV1[];
  @IsRfc3339Timestamp() reportedAt!: string;
}
