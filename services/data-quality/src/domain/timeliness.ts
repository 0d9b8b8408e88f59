// Timeliness: how old an event's facts are when they reach Governor, against what is normal for
// its type. Up to the expected age the score is 1; it then falls linearly to 0 at
// `zeroAtMultiple` times the expected age. A fact time in the future beyond the allowed clock skew
// scores 0: a source whose clock is wrong cannot be trusted on time at all.
import { secondsBetween } from './calendar';
import { DimensionScore, clampUnit, issue } from './dimension';
import type { ScoringConfig } from './scoring-config';
import { factTimeOf, type SourceEvent } from './source-event';

export function scoreTimeliness(
  event: SourceEvent,
  arrival: Date,
  config: Pick<ScoringConfig, 'timeliness' | 'limits'>,
): DimensionScore {
  const factTime = factTimeOf(event);
  const age = secondsBetween(factTime, arrival);
  if (age < -config.limits.clockSkewSeconds) {
    return { score: 0, issues: [issue('time-in-future', `${factTime} is ${Math.round(-age)}s after arrival`)] };
  }
  const expected = config.timeliness.expectedAgeSeconds[event.type];
  if (age <= expected) return { score: 1, issues: [] };
  const zeroAt = expected * config.timeliness.zeroAtMultiple;
  const score = clampUnit(1 - (age - expected) / (zeroAt - expected));
  return { score, issues: [issue('late', `${Math.round(age)}s old at arrival, expected within ${expected}s`)] };
}
