import { brierScore, reliabilityTable } from './calibration';
import { fitLogistic, predictProbability, sigmoid } from './logistic-regression';

/** Park-Miller, so the generated outcomes are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

// Outcomes drawn with known probabilities p = sigma(-1 + 2.5 x1 - 1.5 x2), x1 and x2 uniform on [0, 1].
const TRUE = [-1, 2.5, -1.5];
function sample(n: number, next: () => number): { x: number[][]; p: number[]; y: boolean[] } {
  const x = Array.from({ length: n }, () => [next(), next()]);
  const p = x.map(([a, b]) => sigmoid(TRUE[0] + TRUE[1] * a + TRUE[2] * b));
  return { x, p, y: p.map((q) => next() < q) };
}

describe('logistic regression by IRLS, calibrated against known probabilities', () => {
  const next = random(7);
  const train = sample(5000, next);
  const test = sample(5000, next);
  const model = fitLogistic(train.x, train.y);
  const predicted = test.x.map((row) => predictProbability(model, row));

  it('recovers the coefficients that generated the outcomes', () => {
    expect(model.converged).toBe(true);
    model.coefficients.forEach((c, i) => expect(Math.abs(c - TRUE[i])).toBeLessThan(0.3));
  });

  it('Brier score 0.2117 on held-out outcomes against 0.2118 for the true probabilities: within 0.003', () => {
    const fitted = brierScore(predicted, test.y) ?? NaN;
    const truth = brierScore(test.p, test.y) ?? NaN;
    expect(Math.abs(fitted - truth)).toBeLessThan(0.003);
    // Better than knowing only the base rate: a constant forecast scores rate * (1 - rate).
    const rate = test.y.filter(Boolean).length / test.y.length;
    expect(fitted).toBeLessThan(rate * (1 - rate) - 0.01);
  });

  it('is reliable: in every bin with 200 or more predictions, the observed rate is within 0.05 of the mean prediction', () => {
    const table = reliabilityTable(predicted, test.y);
    const full = table.filter((bin) => bin.n >= 200);
    expect(full.length).toBeGreaterThanOrEqual(4);
    for (const bin of full)
      expect(Math.abs((bin.observedRate ?? NaN) - (bin.meanPredicted ?? NaN))).toBeLessThan(0.05);
  });
});

describe('calibration measures on hand-computed cases', () => {
  it('Brier of 0.8, 0.3 for outcomes yes, no: ((0.2)^2 + (0.3)^2) / 2 = 0.065', () => {
    expect(brierScore([0.8, 0.3], [true, false])).toBeCloseTo(0.065, 12);
    expect(brierScore([], [])).toBeNull();
  });

  it('reliability in 2 bins: [0.1, 0.2 | no, yes] and [0.9 | yes]', () => {
    expect(reliabilityTable([0.1, 0.2, 0.9], [false, true, true], 2)).toEqual([
      { from: 0, to: 0.5, n: 2, meanPredicted: expect.closeTo(0.15, 12), observedRate: 0.5 },
      { from: 0.5, to: 1, n: 1, meanPredicted: 0.9, observedRate: 1 },
    ]);
  });

  it('a fit on separable outcomes still converges, thanks to the ridge', () => {
    const model = fitLogistic([[0], [1], [2], [3]], [false, false, true, true], { ridge: 0.1 });
    expect(model.converged).toBe(true);
    expect(predictProbability(model, [3])).toBeGreaterThan(0.9);
  });
});
