// The resilience monitor's configuration, read and checked once at start-up: the common settings,
// its schema and consumer group, how often and over what window domain health is computed, and
// every threshold and penalty of the health formula (src/domain/health.ts).
import { EnvReader, loadConfigOrExit, readCommonConfig, readGroupId } from '@governor/config';
import type { HealthPolicy, RateRule } from './domain/health';

export const SERVICE_NAME = 'resilience-monitor';
const DEFAULT_PORT = 3005;

function rateRule(r: EnvReader, prefix: string, defaults: RateRule): RateRule {
  return {
    limit: r.number(`${prefix}_LIMIT`, { default: defaults.limit, min: 0, max: 1 }),
    slope: r.number(`${prefix}_SLOPE`, { default: defaults.slope, min: 0 }),
    maxPenalty: r.number(`${prefix}_MAX_PENALTY`, { default: defaults.maxPenalty, min: 0, max: 1 }),
    minSamples: r.int(`${prefix}_MIN_SAMPLES`, { default: defaults.minSamples, min: 1 }),
  };
}

function readHealthPolicy(r: EnvReader): HealthPolicy {
  const penalty = (name: string, fallback: number) => r.number(name, { default: fallback, min: 0, max: 1 });
  const policy: HealthPolicy = {
    feedReportMaxAgeSeconds: r.number('HEALTH_FEED_REPORT_MAX_AGE_SECONDS', { default: 120, min: 1 }),
    staleFeedPenalty: penalty('HEALTH_STALE_FEED_PENALTY', 0.6),
    quality: {
      limit: r.number('HEALTH_QUALITY_TARGET', { default: 0.9, min: 0, max: 1 }),
      slope: r.number('HEALTH_QUALITY_SLOPE', { default: 2, min: 0 }),
      maxPenalty: penalty('HEALTH_QUALITY_MAX_PENALTY', 0.4),
    },
    invalidRatio: {
      limit: r.number('HEALTH_INVALID_RATIO_LIMIT', { default: 0.05, min: 0, max: 1 }),
      slope: r.number('HEALTH_INVALID_RATIO_SLOPE', { default: 2, min: 0 }),
      maxPenalty: penalty('HEALTH_INVALID_RATIO_MAX_PENALTY', 0.3),
    },
    drift: {
      warningPsi: r.number('HEALTH_PSI_WARNING', { default: 0.1, min: 0 }),
      majorPsi: r.number('HEALTH_PSI_MAJOR', { default: 0.25, min: 0 }),
      warningPenalty: penalty('HEALTH_PSI_WARNING_PENALTY', 0.1),
      majorPenalty: penalty('HEALTH_PSI_MAJOR_PENALTY', 0.3),
    },
    bias: {
      limit: r.number('HEALTH_BIAS_LIMIT', { default: 10, min: 0 }),
      minSamples: r.int('HEALTH_BIAS_MIN_SAMPLES', { default: 20, min: 1 }),
      penalty: penalty('HEALTH_BIAS_PENALTY', 0.1),
    },
    failureRate: rateRule(r, 'HEALTH_FAILURE_RATE', { limit: 0.1, slope: 1, maxPenalty: 0.3, minSamples: 5 }),
    rejectionRate: rateRule(r, 'HEALTH_REJECTION_RATE', { limit: 0.3, slope: 0.5, maxPenalty: 0.2, minSamples: 5 }),
  };
  if (policy.drift.majorPsi < policy.drift.warningPsi) r.problem('HEALTH_PSI_MAJOR', 'must be at least HEALTH_PSI_WARNING');
  return policy;
}

export function readMonitorConfig(r: EnvReader) {
  return {
    ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
    schema: r.string('RESILIENCE_MONITOR_DB_SCHEMA', { default: 'resilience_monitor' }),
    groupId: readGroupId(r, SERVICE_NAME),
    /** How often DomainHealthReportedV1 is published for every domain. */
    healthIntervalMs: r.number('HEALTH_INTERVAL_SECONDS', { default: 15, min: 0.1 }) * 1000,
    /** The sliding window the health signals are measured over. */
    healthWindowSeconds: r.int('HEALTH_WINDOW_SECONDS', { default: 900, min: 1 }),
    healthPolicy: readHealthPolicy(r),
    /** Stored facts older than this are deleted (hourly); the scorecard cannot look further back. */
    retentionDays: r.int('SCORECARD_RETENTION_DAYS', { default: 90, min: 1 }),
  };
}

export type MonitorConfig = ReturnType<typeof readMonitorConfig>;

export function loadMonitorConfig(): MonitorConfig {
  return loadConfigOrExit(readMonitorConfig);
}
