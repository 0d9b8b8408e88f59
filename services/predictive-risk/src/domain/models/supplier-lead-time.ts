// Supplier lead-time risk per supplier and SKU: the running mean and variance of lateness in days
// (received date minus promised date; early deliveries count negative), by Welford's algorithm.
// From them: the probability that the next delivery is later than a tolerance (normal
// approximation), and the effective lead time the stockout model plans with.
import { daysBetween } from '../math/calendar';
import { normalExceedance } from '../math/normal';
import { addObservation, type RunningStats, sampleVariance } from '../math/welford';
import { type LeadTime } from './stockout-risk';

export interface SupplierLeadTimeParameters {
  /** Days late that still count as on time. */
  readonly lateToleranceDays: number;
  /** Deliveries needed before the history is trusted for planning and for full confidence. */
  readonly minSamples: number;
  /** P(late) at or above which an open purchase order of the supplier is chased. */
  readonly expediteThreshold: number;
}

export interface LateRisk {
  readonly samples: number;
  readonly meanLatenessDays: number;
  /** null below two deliveries. */
  readonly sdLatenessDays: number | null;
  /** P(next delivery more than the tolerance late). */
  readonly probabilityLate: number;
  /** min(1, samples / minSamples). */
  readonly evidence: number;
}

export function latenessDays(promisedDate: string, receivedDate: string): number {
  return daysBetween(promisedDate, receivedDate);
}

export function recordLateness(stats: RunningStats, lateness: number): RunningStats {
  return addObservation(stats, lateness);
}

export function lateRisk(stats: RunningStats, params: SupplierLeadTimeParameters): LateRisk {
  const variance = sampleVariance(stats);
  const sd = variance === undefined ? null : Math.sqrt(variance);
  // With one delivery there is no spread yet: that delivery alone says late or not.
  const probabilityLate =
    stats.count === 0 ? 0 : normalExceedance(params.lateToleranceDays, stats.mean, sd ?? 0);
  return {
    samples: stats.count,
    meanLatenessDays: stats.mean,
    sdLatenessDays: sd,
    probabilityLate,
    evidence: params.minSamples <= 0 ? 1 : Math.min(1, stats.count / params.minSamples),
  };
}

/**
 * The lead time to plan with: the quoted days plus the supplier's mean lateness when it is late on
 * average, and the lateness variance as the lead-time variance, once the history has minSamples
 * deliveries; the quoted days alone before that.
 */
export function effectiveLeadTime(
  quotedDays: number,
  stats: RunningStats,
  params: SupplierLeadTimeParameters,
): LeadTime {
  const variance = sampleVariance(stats);
  if (stats.count < Math.max(2, params.minSamples) || variance === undefined) {
    return { days: quotedDays, varianceDays2: 0 };
  }
  return { days: quotedDays + Math.max(0, stats.mean), varianceDays2: variance };
}
