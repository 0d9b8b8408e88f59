// Population stability index: how far a recent sample of a model input has moved from its
// reference sample. Bins are fixed once from the reference's quantiles; empty bins are floored at a
// small epsilon so that the logarithm stays finite. Rule of thumb: < 0.1 stable, 0.1-0.25 some
// shift, > 0.25 a shift worth acting on.

/**
 * Upper edges of `bins` equal-frequency bins of the reference: the empirical quantiles at k/bins,
 * k = 1..bins-1 (the value at rank ceil(k*n/bins)), with repeated values merged, so ties in the
 * reference give fewer, wider bins. Values above the reference's quantiles fall in the last bin,
 * which may be empty for the reference: that is where an upward shift shows.
 */
export function quantileEdges(reference: readonly number[], bins: number): number[] {
  if (reference.length === 0) return [];
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const value = sorted[Math.ceil((k * sorted.length) / bins) - 1];
    if (edges.length === 0 || value > edges[edges.length - 1]) edges.push(value);
  }
  return edges;
}

/** Index of the bin `value` falls in: the first edge it does not exceed, else the last bin. */
export function binOf(value: number, edges: readonly number[]): number {
  for (let i = 0; i < edges.length; i++) if (value <= edges[i]) return i;
  return edges.length;
}

/** Share of `values` in each of the edges.length + 1 bins. */
export function binProportions(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) counts[binOf(value, edges)]++;
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

/** PSI = sum over bins of (actual - expected) * ln(actual / expected), shares floored at epsilon. */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  epsilon: number,
): number {
  if (expected.length !== actual.length) {
    throw new RangeError(`bin counts differ: ${expected.length} expected, ${actual.length} actual`);
  }
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], epsilon);
    const a = Math.max(actual[i], epsilon);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}
