// The circuit breaker's configuration, read and checked once at start-up: the common settings plus
// its schema, consumer group, the breaker's thresholds, cool-down and probation length, and how long
// the health history is kept.
import { EnvReader, loadConfigOrExit, readCommonConfig, readGroupId } from '@governor/config';
import { BreakerSettings } from './domain/breaker';

export const SERVICE_NAME = 'circuit-breaker';
const DEFAULT_PORT = 3006;

export function readBreakerConfig(r: EnvReader) {
  const breaker: BreakerSettings = {
    tripThreshold: r.number('BREAKER_TRIP_THRESHOLD', { default: 0.5, min: 0, max: 1 }),
    recoveryThreshold: r.number('BREAKER_RECOVERY_THRESHOLD', { default: 0.8, min: 0, max: 1 }),
    coolDownMs: r.number('BREAKER_COOL_DOWN_SECONDS', { default: 300, min: 0 }) * 1000,
    probationWindows: r.int('BREAKER_PROBATION_WINDOWS', { default: 3, min: 1 }),
    maxReportAgeMs: r.number('BREAKER_MAX_REPORT_AGE_SECONDS', { default: 300, min: 1 }) * 1000,
  };
  if (breaker.recoveryThreshold < breaker.tripThreshold) {
    r.problem('BREAKER_RECOVERY_THRESHOLD', 'must be at least BREAKER_TRIP_THRESHOLD, or a domain could never recover');
  }
  return {
    ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
    schema: r.string('CIRCUIT_BREAKER_DB_SCHEMA', { default: 'circuit_breaker' }),
    groupId: readGroupId(r, SERVICE_NAME),
    breaker,
    healthHistory: {
      keepHours: r.int('BREAKER_HEALTH_KEEP_HOURS', { default: 168, min: 1, max: 87_600 }),
      pruneIntervalSeconds: r.int('BREAKER_HEALTH_PRUNE_INTERVAL_SECONDS', { default: 600, min: 1, max: 86_400 }),
    },
  };
}

export type BreakerConfig = ReturnType<typeof readBreakerConfig>;

export function loadBreakerConfig(): BreakerConfig {
  return loadConfigOrExit(readBreakerConfig);
}
