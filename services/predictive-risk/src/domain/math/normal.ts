// The standard normal distribution: its CDF and its inverse. The stockout model is a normal
// approximation of demand over the lead time, and the service level in configuration becomes a
// safety factor z through the inverse. Plain functions, no dependency, so each is unit-tested.

const SQRT2 = Math.SQRT2;

/**
 * Complementary error function, Chebyshev fit of Numerical Recipes (erfcc): fractional error below
 * 1.2e-7 everywhere, ample for probabilities quoted to a few decimals.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return 0.5 * erfc(-x / SQRT2);
}

// Coefficients of Peter J. Acklam's rational approximation of the normal quantile (relative error
// below 1.15e-9 over (0, 1)). No refinement step: the CDF above is less precise than this.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;
const P_HIGH = 1 - P_LOW;

function tail(q: number): number {
  return (
    (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
    ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  );
}

/** The z with P(Z <= z) = p, for p strictly between 0 and 1. */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > P_HIGH) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/**
 * P(X > threshold) for X ~ N(mean, sd^2). A zero spread is a point mass: certain exceedance when
 * the mean is above the threshold, none otherwise, rather than a division by zero.
 */
export function normalExceedance(threshold: number, mean: number, sd: number): number {
  if (sd <= 0) return mean > threshold ? 1 : 0;
  return 1 - normalCdf((threshold - mean) / sd);
}
