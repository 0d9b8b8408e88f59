// quality.event-scored.v1: a validated source event with its data-quality score, from data-quality
// to predictive-risk. Internal topic internal.quality-scored.v1, subject the original event's
// subject. Not in docs/contract.md, but versioned like it: never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { IsArray, IsObject, ValidateNested } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import { SOURCE_TOPIC_VALUES, type SourceTopicName } from '../../registry/topic-names';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, IsUnitInterval, Optional } from '../../validation/decorators';

export const QUALITY_EVENT_SCORED_V1 = 'quality.event-scored.v1';

/** One quality dimension: its score and what lowered it (empty when nothing did). */
export class DimensionScoreV1 {
  @IsUnitInterval() score!: number;
  @IsArray() @IsNonEmptyString({ each: true }) issues!: string[];
}

export class QualityDimensionsV1 {
  @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) completeness!: DimensionScoreV1;
  @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) validity!: DimensionScoreV1;
  @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) timeliness!: DimensionScoreV1;
  @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) consistency!: DimensionScoreV1;
  @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) uniqueness!: DimensionScoreV1;
  // Added in 1.1, optional so earlier scored events stay valid: the governance dimensions, which
  // scale the combined score (data-quality's README).
  /** Whether the event's source is registered for its type. */
  @Optional() @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) trust?: DimensionScoreV1;
  /** Whether the SKUs, locations, suppliers and customers it names are known, active and consistent with master data. */
  @Optional() @IsObject() @ValidateNested() @Type(() => DimensionScoreV1) masterData?: DimensionScoreV1;
}

export class QualityEventScoredV1 {
  @IsOneOf(SOURCE_TOPIC_VALUES) sourceTopic!: SourceTopicName;
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  /** The original CloudEvent as a plain object; parse() validated it at the edge already. */
  @IsObject() event!: Record<string, unknown>;
  /** The overall score, combining the dimensions. */
  @IsUnitInterval() score!: number;
  @IsObject() @ValidateNested() @Type(() => QualityDimensionsV1) dimensions!: QualityDimensionsV1;
  /** Every dimension's issues in one list; empty when the event is clean. */
  @IsArray() @IsNonEmptyString({ each: true }) issues!: string[];
  @IsRfc3339Timestamp() scoredAt!: string;
}
