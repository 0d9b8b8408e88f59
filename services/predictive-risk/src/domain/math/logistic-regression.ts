// Logistic regression fitted by iteratively reweighted least squares (Newton's method on the log
// likelihood), with a small ridge penalty so that separable or collinear data still converge:
//   p = sigma(X b);  b <- b + (X' W X + lambda I)^-1 (X' (y - p) - lambda b),  W = diag(p (1 - p))
// The intercept is the first coefficient and is not penalised. ml-matrix does the linear algebra.
import { Matrix, solve } from 'ml-matrix';

export interface LogisticModel {
  /** Intercept first, then one coefficient per feature. */
  readonly coefficients: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
}

export interface LogisticFitOptions {
  readonly ridge?: number;
  readonly maxIterations?: number;
  /** Stop when no coefficient moves more than this. */
  readonly tolerance?: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predictProbability(model: LogisticModel, features: readonly number[]): number {
  let z = model.coefficients[0];
  for (let j = 0; j < features.length; j++) z += model.coefficients[j + 1] * features[j];
  return sigmoid(z);
}

export function fitLogistic(
  features: readonly (readonly number[])[],
  outcomes: readonly boolean[],
  options: LogisticFitOptions = {},
): LogisticModel {
  const { ridge = 1e-6, maxIterations = 50, tolerance = 1e-8 } = options;
  if (features.length === 0 || features.length !== outcomes.length) {
    throw new Error('fitLogistic needs as many outcomes as feature rows, and at least one');
  }
  const x = new Matrix(features.map((row) => [1, ...row]));
  const y = Matrix.columnVector(outcomes.map((o) => (o ? 1 : 0)));
  const k = x.columns;
  let b = Matrix.zeros(k, 1);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const probabilities = x.mmul(b).to1DArray().map(sigmoid);
    const weighted = x.clone();
    for (let i = 0; i < x.rows; i++) {
      const w = Math.max(probabilities[i] * (1 - probabilities[i]), 1e-10);
      for (let j = 0; j < k; j++) weighted.set(i, j, x.get(i, j) * w);
    }
    const hessian = x.transpose().mmul(weighted);
    const penalty = Matrix.eye(k, k).mul(ridge);
    penalty.set(0, 0, 0);
    hessian.add(penalty);
    const residual = y.clone().sub(Matrix.columnVector(probabilities));
    const gradient = x.transpose().mmul(residual).sub(penalty.mmul(b));
    const step = solve(hessian, gradient);
    b = b.add(step);
    if (step.abs().max() < tolerance)
      return { coefficients: b.to1DArray(), iterations: iteration, converged: true };
  }
  return { coefficients: b.to1DArray(), iterations: maxIterations, converged: false };
}
