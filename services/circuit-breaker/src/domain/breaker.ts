// The circuit breaker of one business domain, as a pure state machine (docs/design.md "Circuit breaker"):
//
//   automated --(health < trip threshold, or a stale feed)--> manual-fallback
//   manual-fallback --(cool-down elapsed since it entered, and health >= recovery, no stale feed)--> probation
//   probation --(N healthy windows in a row)--> automated
//   probation --(one unhealthy window)--> manual-fallback
//
// An operator may force `manual-fallback` or `automated`; a forced mode holds whatever health says
// until it is cleared, and clearing hands control back to these rules from the mode the domain is in.
// Time is passed in (epoch milliseconds), so every transition is reproducible in a unit test.
import {
  DomainModes,
  TRIGGERED_BY_BREAKER,
  triggeredByOperator,
  type DomainMode,
  type SourceDomain,
} from '@governor/contracts';

/** The modes an operator may force (docs/contract.md section 5). */
export const ForcedModes = {
  ManualFallback: DomainModes.ManualFallback,
  Automated: DomainModes.Automated,
} as const;
export type ForcedMode = (typeof ForcedModes)[keyof typeof ForcedModes];
export const FORCED_MODE_VALUES: readonly ForcedMode[] = Object.values(ForcedModes);

export interface BreakerSettings {
  /** Health strictly below this trips the breaker (and is an unhealthy window in probation). */
  tripThreshold: number;
  /** Health at or above this (with no stale feed) is a healthy window. */
  recoveryThreshold: number;
  /** The least time in manual-fallback before probation may begin. */
  coolDownMs: number;
  /** Healthy windows in a row that end probation. */
  probationWindows: number;
  /** A health report older than this when it arrives is recorded but moves nothing. */
  maxReportAgeMs: number;
}

export interface Override {
  mode: ForcedMode;
  userId: string;
  reason: string;
  at: number;
}

export interface BreakerState {
  domain: SourceDomain;
  mode: DomainMode;
  /** When the domain entered `mode`. */
  since: number;
  /** Healthy windows in a row seen in probation. */
  healthyStreak: number;
  override: Override | null;
}

export interface HealthReport {
  health: number;
  staleFeeds: readonly string[];
  reportedAt: number;
}

/** A change to announce on governance.domain-modes.v1 (and to store with its reason). */
export interface ModeChange {
  domain: SourceDomain;
  mode: DomainMode;
  previousMode: DomainMode;
  reason: string;
  triggeredBy: string;
  since: number;
}

export interface Transition {
  state: BreakerState;
  /** null when nothing is to be announced. */
  change: ModeChange | null;
}

export class BreakerRuleError extends Error {
  constructor(
    readonly code: 'no-override',
    message: string,
  ) {
    super(message);
    this.name = 'BreakerRuleError';
  }
}

/** A domain that never received health is automated (integration.md). */
export function initialState(domain: SourceDomain, since: number): BreakerState {
  return { domain, mode: DomainModes.Automated, since, healthyStreak: 0, override: null };
}

/** Applies one window of domain health to the breaker. */
export function applyHealth(state: BreakerState, report: HealthReport, now: number, settings: BreakerSettings): Transition {
  if (state.override) return unchanged({ ...state, healthyStreak: 0 });
  if (now - report.reportedAt > settings.maxReportAgeMs) return unchanged(state);

  const unhealthy = report.health < settings.tripThreshold || report.staleFeeds.length > 0;
  const healthy = report.health >= settings.recoveryThreshold && report.staleFeeds.length === 0;

  switch (state.mode) {
    case DomainModes.Automated:
      return unhealthy ? enter(state, DomainModes.ManualFallback, tripReason(report, settings), now) : unchanged(state);
    case DomainModes.ManualFallback: {
      const cooledDown = now - state.since >= settings.coolDownMs;
      if (!healthy || !cooledDown) return unchanged(state);
      const reason =
        `health ${fmt(report.health)} at or above the recovery threshold ${fmt(settings.recoveryThreshold)} ` +
        `after a cool-down of ${seconds(settings.coolDownMs)}`;
      return enter(state, DomainModes.Probation, reason, now);
    }
    case DomainModes.Probation: {
      if (unhealthy) return enter(state, DomainModes.ManualFallback, `unhealthy window in probation: ${tripReason(report, settings)}`, now);
      // A window between the two thresholds is not healthy: the streak must be unbroken.
      const healthyStreak = healthy ? state.healthyStreak + 1 : 0;
      if (healthyStreak >= settings.probationWindows) {
        return enter(state, DomainModes.Automated, `${healthyStreak} healthy windows in a row in probation`, now);
      }
      return unchanged({ ...state, healthyStreak });
    }
  }
}

/** An operator forces a mode. Always announced, even when the mode does not change, so it is audited. */
export function force(state: BreakerState, mode: ForcedMode, userId: string, reason: string, now: number): Transition {
  const override: Override = { mode, userId, reason, at: now };
  const changed = state.mode !== mode;
  const next: BreakerState = {
    ...state,
    mode,
    since: changed ? now : state.since,
    healthyStreak: 0,
    override,
  };
  return {
    state: next,
    change: {
      domain: state.domain,
      mode,
      previousMode: state.mode,
      reason: `forced by operator: ${reason}`,
      triggeredBy: triggeredByOperator(userId),
      since: next.since,
    },
  };
}

/**
 * An operator clears the override: the rules take over from the current mode (a domain forced into
 * manual-fallback still goes through probation). Announced, with the mode unchanged, for the audit log.
 */
export function clearOverride(state: BreakerState, userId: string, reason: string): Transition {
  if (!state.override) {
    throw new BreakerRuleError('no-override', `${state.domain} has no override to clear`);
  }
  return {
    state: { ...state, healthyStreak: 0, override: null },
    change: {
      domain: state.domain,
      mode: state.mode,
      previousMode: state.mode,
      reason: `override cleared by operator, the health rules decide again: ${reason}`,
      triggeredBy: triggeredByOperator(userId),
      since: state.since,
    },
  };
}

function enter(state: BreakerState, mode: DomainMode, reason: string, now: number): Transition {
  return {
    state: { ...state, mode, since: now, healthyStreak: 0 },
    change: { domain: state.domain, mode, previousMode: state.mode, reason, triggeredBy: TRIGGERED_BY_BREAKER, since: now },
  };
}

function unchanged(state: BreakerState): Transition {
  return { state, change: null };
}

function tripReason(report: HealthReport, settings: BreakerSettings): string {
  const parts: string[] = [];
  if (report.health < settings.tripThreshold) {
    parts.push(`health ${fmt(report.health)} below the trip threshold ${fmt(settings.tripThreshold)}`);
  }
  if (report.staleFeeds.length > 0) parts.push(`stale feeds: ${report.staleFeeds.join(', ')}`);
  return parts.join('; ');
}

function fmt(value: number): string {
  return value.toFixed(2);
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
