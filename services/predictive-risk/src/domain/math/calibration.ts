// How well predicted probabilities match outcomes: the Brier score (mean squared difference between
// the probability and the 0/1 outcome; 0 is perfect, 0.25 is always saying 0.5) and a reliability
// table (predictions in equal-width bins: in each, the mean prediction against the observed rate).

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly n: number;
  /** null for an empty bin. */
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

export function brierScore(probabilities: readonly number[], outcomes: readonly boolean[]): number | null {
  if (probabilities.length === 0) return null;
  let sum = 0;
  probabilities.forEach((p, i) => (sum += (p - (outcomes[i] ? 1 : 0)) ** 2));
  return sum / probabilities.length;
}

export function reliabilityTable(
  probabilities: readonly number[],
  outcomes: readonly boolean[],
  bins = 10,
): ReliabilityBin[] {
  const sums = Array.from({ length: bins }, () => ({ n: 0, predicted: 0, observed: 0 }));
  probabilities.forEach((p, i) => {
    const bin = sums[Math.min(bins - 1, Math.floor(p * bins))];
    bin.n += 1;
    bin.predicted += p;
    bin.observed += outcomes[i] ? 1 : 0;
  });
  return sums.map((s, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    n: s.n,
    meanPredicted: s.n > 0 ? s.predicted / s.n : null,
    observedRate: s.n > 0 ? s.observed / s.n : null,
  }));
}
