// Drift of a model: the PSI of each watched input between its reference window (the first
// observations after the model version was registered, frozen into bins once there are enough)
// and its recent window, and the forecast bias (mean of forecast minus actual) of demand forecasts.
import { binProportions, populationStabilityIndex, quantileEdges } from '../math/psi';

/** A frozen reference: bin edges from its quantiles and its own share in each bin. */
export interface InputReference {
  readonly size: number;
  readonly edges: readonly number[];
  readonly proportions: readonly number[];
}

export function buildReference(values: readonly number[], bins: number): InputReference {
  const edges = quantileEdges(values, bins);
  return { size: values.length, edges, proportions: binProportions(values, edges) };
}

export function inputPsi(reference: InputReference, recent: readonly number[], epsilon: number): number {
  return populationStabilityIndex(reference.proportions, binProportions(recent, reference.edges), epsilon);
}

/** A model drifts as much as its most drifted input; null when no input could be measured. */
export function modelPsi(psiByInput: Readonly<Record<string, number>>): number | null {
  const values = Object.values(psiByInput);
  return values.length === 0 ? null : Math.max(...values);
}

/** Mean signed error, forecast minus actual: negative when the model under-forecasts. */
export function forecastBias(pairs: readonly { forecast: number; actual: number }[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.reduce((sum, p) => sum + (p.forecast - p.actual), 0) / pairs.length;
}
