// Welford's online algorithm for the mean and variance of a stream: one pass, numerically stable,
// and its state (count, mean, sum of squared deviations) is three numbers that fit a database row.

export interface RunningStats {
  readonly count: number;
  readonly mean: number;
  /** Sum of squared deviations from the running mean (Welford's M2). */
  readonly m2: number;
}

export const EMPTY_STATS: RunningStats = { count: 0, mean: 0, m2: 0 };

export function addObservation(stats: RunningStats, value: number): RunningStats {
  const count = stats.count + 1;
  const delta = value - stats.mean;
  const mean = stats.mean + delta / count;
  // The second factor uses the updated mean: that is what keeps the sum stable.
  const m2 = stats.m2 + delta * (value - mean);
  return { count, mean, m2 };
}

/** Sample variance (n - 1 denominator); undefined below two observations, when it is unknown. */
export function sampleVariance(stats: RunningStats): number | undefined {
  return stats.count < 2 ? undefined : stats.m2 / (stats.count - 1);
}
