// quality.feed-health-reported.v1: the health of one source feed over a window, from data-quality.
// Internal topic internal.feed-health.v1, subject `${feedSource}|${topic}`. Not in docs/contract.md,
// but versioned like it: never edit, add a .v2 beside it.
import { IsBoolean, IsInt, Min } from 'class-validator';
import { SOURCE_DOMAIN_VALUES, type SourceDomain } from '../../common/domains';
import { SOURCE_TOPIC_VALUES, type SourceTopicName } from '../../registry/topic-names';
import {
  IsNonEmptyString,
  IsNonNegativeInt,
  IsNonNegativeNumber,
  IsOneOf,
  IsRfc3339Timestamp,
  IsUnitInterval,
  Nullable,
  Optional,
} from '../../validation/decorators';

export const QUALITY_FEED_HEALTH_REPORTED_V1 = 'quality.feed-health-reported.v1';

/** The subject (and record key) of a feed-health report. */
export function feedHealthSubject(feedSource: string, topic: string): string {
  return `${feedSource}|${topic}`;
}

export class FeedHealthReportedV1 {
  /** The CloudEvents `source` of the feed. */
  @IsNonEmptyString() feedSource!: string;
  @IsOneOf(SOURCE_TOPIC_VALUES) topic!: SourceTopicName;
  @IsOneOf(SOURCE_DOMAIN_VALUES) domain!: SourceDomain;
  @IsInt() @Min(1) windowSeconds!: number;
  @IsNonNegativeInt() eventCount!: number;
  @IsNonNegativeInt() invalidCount!: number;
  @IsNonNegativeNumber() eventsPerMinute!: number;
  /** null when the feed has never been seen. */
  @Nullable() @IsNonNegativeNumber() secondsSinceLastEvent!: number | null;
  @IsNonNegativeNumber() staleAfterSeconds!: number;
  @IsBoolean() stale!: boolean;
  @IsUnitInterval() invalidRatio!: number;
  /** null when no event of the feed was scored in the window. */
  @Nullable() @IsUnitInterval() meanScore!: number | null;
  @IsRfc3339Timestamp() reportedAt!: string;
  /**
   * Added in 1.1, optional so earlier reports stay valid: false when the feed's source is not
   * registered for the topic in data-quality's source registry (its records are scored untrusted).
   */
  @Optional() @IsBoolean() trusted?: boolean;
}
