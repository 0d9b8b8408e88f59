import { brierScore } from '../math/calibration';
import { sigmoid } from '../math/logistic-regression';
import {
  calibrateOutcomes,
  fitToRun,
  FULFILMENT_FEATURES,
  fulfilmentSamples,
  type JudgedOutcome,
  type OutcomeSample,
  probability,
} from './outcome-calibration';

/** Park-Miller, so the generated outcomes are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Outcomes drawn with known probabilities `law(x)`, x uniform; the formula says `formula(x)`. */
function generated(
  n: number,
  next: () => number,
  law: (x: number) => number,
  formula: (x: number) => number,
): (OutcomeSample & { truth: number })[] {
  return Array.from({ length: n }, () => {
    const x = next();
    const truth = law(x);
    return { features: [x], formulaRisk: formula(x), outcome: next() < truth, truth };
  });
}

describe('calibration on recorded outcomes', () => {
  // Two judged at risk 0.5 (one late), two at 0 (both on time): Brier ((0.5-1)^2 + 0.5^2) / 4 = 0.125.
  const few: JudgedOutcome[] = [
    { shortageRatio: 0.5, urgency: 1, risk: 0.5, late: true },
    { shortageRatio: 0.5, urgency: 1, risk: 0.5, late: false },
    { shortageRatio: 0, urgency: 1, risk: 0, late: false },
    { shortageRatio: 0, urgency: 0.5, risk: 0, late: false },
  ];

  it('scores the formula by hand, and with fewer outcomes than the minimum fits nothing: the formula stays in use', () => {
    const calibration = calibrateOutcomes(fulfilmentSamples(few), 5, FULFILMENT_FEATURES, null);
    expect(calibration.formula.brier).toBeCloseTo(0.125, 12);
    expect(calibration.formula.reliability[0]).toMatchObject({ n: 2, meanPredicted: 0, observedRate: 0 });
    expect(calibration.formula.reliability[5]).toMatchObject({ n: 2, meanPredicted: 0.5, observedRate: 0.5 });
    expect(calibration).toMatchObject({
      outcomes: 4,
      minOutcomes: 5,
      logistic: null,
      validated: false,
      inUse: 'formula',
    });
    expect(calibration.note).toBe(
      '4 recorded outcomes, fewer than 5 to fit a model on: the formula stays in use',
    );
  });

  const law = (x: number) => sigmoid(-2 + 3 * x);
  const samples = generated(3000, random(11), law, (x) => x);

  it('on outcomes drawn with p = sigma(-2 + 3x): the fit recovers p, its held-out Brier is within 0.005 of the true probabilities, and it is validated over a miscalibrated formula', () => {
    const calibration = calibrateOutcomes(samples, 200, ['x'], null);
    expect(calibration.logistic).toMatchObject({ trainedOn: 2100, testedOn: 900 });
    const held = samples.slice(2100);
    const truth = brierScore(
      held.map((s) => s.truth),
      held.map((s) => s.outcome),
    ) as number;
    const { brier, formulaBrier, coefficients } = calibration.logistic ?? {
      brier: 1,
      formulaBrier: 0,
      coefficients: [],
    };
    expect(Math.abs((brier as number) - truth)).toBeLessThan(0.005);
    expect((brier as number) + 0.01).toBeLessThan(formulaBrier as number);
    for (const x of [0, 0.5, 1]) expect(Math.abs(probability(coefficients, [x]) - law(x))).toBeLessThan(0.08);
    expect(calibration.validated).toBe(true);
    expect(calibration.note).toMatch(
      /validated: held-out Brier 0\.\d{4} no worse than the formula's 0\.\d{4}; the formula stays in use$/,
    );
  });

  it('is not validated when the formula does better on the newest outcomes, nor with too few outcomes however good the fit', () => {
    // The law changed: the older 70% follow sigma(-2 + 3x), the newest 30% follow the formula itself.
    const next = random(5);
    const shifted = [
      ...generated(2100, next, law, (x) => x),
      ...generated(
        900,
        next,
        (x) => x,
        (x) => x,
      ),
    ];
    const calibration = calibrateOutcomes(shifted, 200, ['x'], null);
    expect((calibration.logistic?.brier as number) > (calibration.logistic?.formulaBrier as number)).toBe(
      true,
    );
    expect(calibration.validated).toBe(false);
    expect(calibration.note).toMatch(/not validated/);
    expect(fitToRun(calibration)).toBeNull();
    const tooFew = calibrateOutcomes(samples, 3001, ['x'], null);
    expect(tooFew).toMatchObject({ logistic: null, validated: false });
    expect(fitToRun(tooFew)).toBeNull();
  });

  it('on a version that runs a fitted model, scores that model on every outcome and says it is in use', () => {
    const calibration = calibrateOutcomes(samples, 200, ['x'], [-2, 3]);
    const truth = brierScore(
      samples.map((s) => s.truth),
      samples.map((s) => s.outcome),
    );
    expect(calibration.inUse).toBe('fitted');
    // Validated again, but a fitted version is not replaced by the next fit.
    expect(calibration.validated).toBe(true);
    expect(fitToRun(calibration)).toBeNull();
    expect(calibration.running?.brier).toBeCloseTo(truth as number, 12);
    expect(calibration.note).toMatch(/a logistic regression fitted on recorded outcomes is in use$/);
  });
});
