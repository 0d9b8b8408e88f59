// The data-quality service's configuration, read once at start-up; a bad value stops the process
// naming the variable. Every scoring weight and limit is a variable with the default of
// DEFAULT_SCORING_CONFIG, so operators tune scoring without a release.
import { EnvReader, loadConfigOrExit, readCommonConfig, readGroupId } from '@governor/config';
import type { CommonConfig } from '@governor/config';
import { domainOfTopic, SOURCE_TOPIC_VALUES } from '@governor/contracts';
import type { SourceTopicName } from '@governor/contracts';
import { feedName, type FeedKey } from './domain/dead-letter-feed';
import { DEFAULT_SCORING_CONFIG, DIMENSIONS, ScoringConfig, ScoringLimits } from './domain/scoring-config';
import { SOURCE_EVENT_TYPES, SourceEventType } from './domain/source-event';

export const SERVICE_NAME = 'data-quality';
export const DEFAULT_PORT = 3001;

export interface DataQualityConfig extends CommonConfig {
  /** Postgres schema (DATA_QUALITY_DB_SCHEMA). */
  schema: string;
  /** Kafka consumer group (DATA_QUALITY_GROUP_ID). */
  groupId: string;
  /** The sliding window of feed statistics. */
  windowSeconds: number;
  /** How often feed health is published for every known feed. */
  healthIntervalSeconds: number;
  staleAfterSeconds: Record<SourceTopicName, number>;
  /**
   * Per-feed staleness where a feed's cadence differs from its topic's (DQ_FEED_STALE_AFTER_SECONDS:
   * `source|topic=seconds,...`), e.g. a daily demand batch on the same topic as a WMS that reports
   * every few seconds. Keyed `source|topic`.
   */
  feedStaleAfterSeconds: Record<string, number>;
  /**
   * Feeds declared in configuration (DQ_EXPECTED_FEEDS: `source|topic,...`): registered in the
   * source registry at start-up (for every type of the topic, owner `configuration`) unless the
   * source is registered already, so they are trusted and reported, stale until they speak.
   */
  expectedFeeds: FeedKey[];
  /** How long a business key is remembered for the uniqueness dimension. */
  businessKeyRetentionDays: number;
  /** How long feed statistics (window buckets) are kept; at least the window (DQ_FEED_STATS_KEEP_HOURS). */
  feedStatsKeepHours: number;
  scoring: ScoringConfig;
}

export function loadDataQualityConfig(): DataQualityConfig {
  return loadConfigOrExit(readDataQualityConfig);
}

export function readDataQualityConfig(r: EnvReader): DataQualityConfig {
  const schema = r.string('DATA_QUALITY_DB_SCHEMA', { default: 'data_quality' });
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) r.problem('DATA_QUALITY_DB_SCHEMA', 'use lower-case letters, digits and _');
  const staleDefault = r.number('DQ_STALE_AFTER_SECONDS', { default: 60, min: 0.1 });
  return {
    ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
    schema,
    groupId: readGroupId(r, SERVICE_NAME),
    windowSeconds: r.int('DQ_WINDOW_SECONDS', { default: 300, min: 1 }),
    healthIntervalSeconds: r.number('DQ_HEALTH_INTERVAL_SECONDS', { default: 10, min: 0.1 }),
    staleAfterSeconds: Object.fromEntries(
      SOURCE_TOPIC_VALUES.map((topic) => [
        topic,
        r.number(`DQ_STALE_AFTER_SECONDS_${domainOfTopic(topic)?.toUpperCase()}`, { default: staleDefault, min: 0.1 }),
      ]),
    ) as Record<SourceTopicName, number>,
    expectedFeeds: readExpectedFeeds(r),
    feedStaleAfterSeconds: readFeedStaleAfter(r),
    businessKeyRetentionDays: r.number('DQ_BUSINESS_KEY_RETENTION_DAYS', { default: 90, min: 1 }),
    feedStatsKeepHours: readFeedStatsKeepHours(r),
    scoring: readScoringConfig(r),
  };
}

/** Buckets younger than the window are still being read: the limit may not be shorter. */
function readFeedStatsKeepHours(r: EnvReader): number {
  const hours = r.number('DQ_FEED_STATS_KEEP_HOURS', { default: 24, min: 0.01 });
  const windowSeconds = r.int('DQ_WINDOW_SECONDS', { default: 300, min: 1 });
  if (hours * 3_600 < windowSeconds * 2) r.problem('DQ_FEED_STATS_KEEP_HOURS', `must cover twice DQ_WINDOW_SECONDS (${windowSeconds} s)`);
  return hours;
}

function readScoringConfig(r: EnvReader): ScoringConfig {
  const d = DEFAULT_SCORING_CONFIG;
  const unit = (name: string, fallback: number) => r.number(name, { default: fallback, min: 0, max: 1 });
  const weights = Object.fromEntries(
    DIMENSIONS.map((dim) => [dim, r.number(`DQ_WEIGHT_${dim.toUpperCase()}`, { default: d.weights[dim], min: 0 })]),
  ) as ScoringConfig['weights'];
  if (Object.values(weights).reduce((a, b) => a + b, 0) <= 0) {
    r.problem('DQ_WEIGHT_COMPLETENESS', 'the DQ_WEIGHT_* variables must not all be 0');
  }
  const zeroAtMultiple = r.number('DQ_TIMELINESS_ZERO_AT_MULTIPLE', { default: d.timeliness.zeroAtMultiple, min: 1.01 });
  return {
    weights,
    worstDimensionMargin: unit('DQ_WORST_DIMENSION_MARGIN', d.worstDimensionMargin),
    optionalFieldWeight: unit('DQ_OPTIONAL_FIELD_WEIGHT', d.optionalFieldWeight),
    validityIssuePenalty: unit('DQ_VALIDITY_ISSUE_PENALTY', d.validityIssuePenalty),
    consistencyIssuePenalty: unit('DQ_CONSISTENCY_ISSUE_PENALTY', d.consistencyIssuePenalty),
    duplicateKeyScore: unit('DQ_DUPLICATE_KEY_SCORE', d.duplicateKeyScore),
    untrustedSourceScore: unit('DQ_UNTRUSTED_SOURCE_SCORE', d.untrustedSourceScore),
    masterDataIssuePenalty: unit('DQ_MASTER_DATA_ISSUE_PENALTY', d.masterDataIssuePenalty),
    maxMasterCostDeviation: r.number('DQ_MAX_MASTER_COST_DEVIATION', { default: d.maxMasterCostDeviation, min: 0 }),
    limits: readLimits(r, d.limits),
    timeliness: {
      expectedAgeSeconds: Object.fromEntries(
        SOURCE_EVENT_TYPES.map((type) => [
          type,
          r.number(`DQ_EXPECTED_AGE_SECONDS_${typeVariable(type)}`, { default: d.timeliness.expectedAgeSeconds[type], min: 1 }),
        ]),
      ) as Record<SourceEventType, number>,
      zeroAtMultiple,
    },
  };
}

function readLimits(r: EnvReader, d: ScoringLimits): ScoringLimits {
  const positive = (name: string, fallback: number, min = 0) => r.number(name, { default: fallback, min });
  return {
    maxJumpFactor: positive('DQ_MAX_JUMP_FACTOR', d.maxJumpFactor, 1),
    maxChangeFactor: positive('DQ_MAX_CHANGE_FACTOR', d.maxChangeFactor, 1),
    maxReceivedOverOrdered: positive('DQ_MAX_RECEIVED_OVER_ORDERED', d.maxReceivedOverOrdered, 1),
    maxReceivedBeforePromisedDays: positive('DQ_MAX_RECEIVED_BEFORE_PROMISED_DAYS', d.maxReceivedBeforePromisedDays),
    maxPlausibleQuantity: positive('DQ_MAX_PLAUSIBLE_QUANTITY', d.maxPlausibleQuantity),
    maxPlausibleAmount: positive('DQ_MAX_PLAUSIBLE_AMOUNT', d.maxPlausibleAmount),
    maxLeadTimeDays: positive('DQ_MAX_LEAD_TIME_DAYS', d.maxLeadTimeDays),
    maxDaysPastDue: positive('DQ_MAX_DAYS_PAST_DUE', d.maxDaysPastDue),
    maxExposureOverLimit: positive('DQ_MAX_EXPOSURE_OVER_LIMIT', d.maxExposureOverLimit, 1),
    clockSkewSeconds: positive('DQ_CLOCK_SKEW_SECONDS', d.clockSkewSeconds),
  };
}

/** `inventory.level-reported.v1` -> `INVENTORY_LEVEL_REPORTED`. */
export function typeVariable(type: SourceEventType): string {
  return type.replace(/\.v\d+$/, '').replace(/[^a-z0-9]+/gi, '_').toUpperCase();
}

function readFeedStaleAfter(r: EnvReader): Record<string, number> {
  const name = 'DQ_FEED_STALE_AFTER_SECONDS';
  const result: Record<string, number> = {};
  for (const item of r.string(name, { default: '' }).split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(\S+)\|(source\.[a-z]+\.v1)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!match || !SOURCE_TOPIC_VALUES.some((t) => t === match[2]) || Number(match[3]) <= 0) {
      r.problem(name, `"${item}" is not <source>|<source topic>=<seconds>, e.g. urn:erp:sales|source.inventory.v1=90000`);
    } else {
      result[feedName({ feedSource: match[1], topic: match[2] })] = Number(match[3]);
    }
  }
  return result;
}

function readExpectedFeeds(r: EnvReader): FeedKey[] {
  const raw = r.string('DQ_EXPECTED_FEEDS', { default: '' });
  const feeds: FeedKey[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cut = item.lastIndexOf('|');
    const feedSource = item.slice(0, cut);
    const topic = SOURCE_TOPIC_VALUES.find((t) => t === item.slice(cut + 1));
    if (cut <= 0 || !topic || /\s/.test(feedSource)) {
      r.problem('DQ_EXPECTED_FEEDS', `"${item}" is not <source>|<source topic>, e.g. urn:wms:dc-east|source.inventory.v1`);
    } else {
      feeds.push({ feedSource, topic });
    }
  }
  return feeds;
}
