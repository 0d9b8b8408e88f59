import { sigmoid } from '../math/logistic-regression';
import { calibrateFulfilment, type JudgedOutcome } from './outcome-calibration';

describe('order-fulfilment calibration on recorded outcomes', () => {
  // Two judged at risk 0.5 (one late), two at 0 (both on time): Brier ((0.5-1)^2 + 0.5^2) / 4 = 0.125.
  const few: JudgedOutcome[] = [
    { shortageRatio: 0.5, urgency: 1, risk: 0.5, late: true },
    { shortageRatio: 0.5, urgency: 1, risk: 0.5, late: false },
    { shortageRatio: 0, urgency: 1, risk: 0, late: false },
    { shortageRatio: 0, urgency: 0.5, risk: 0, late: false },
  ];

  it('scores the formula by hand, and with fewer outcomes than the minimum fits nothing: the formula stays champion', () => {
    const calibration = calibrateFulfilment(few, 5);
    expect(calibration.formula.brier).toBeCloseTo(0.125, 12);
    expect(calibration.formula.reliability[0]).toMatchObject({ n: 2, meanPredicted: 0, observedRate: 0 });
    expect(calibration.formula.reliability[5]).toMatchObject({ n: 2, meanPredicted: 0.5, observedRate: 0.5 });
    expect(calibration).toMatchObject({ outcomes: 4, minOutcomes: 5, logistic: null });
    expect(calibration.note).toBe(
      '4 recorded outcomes, fewer than 5 to fit a model on: the formula stays champion',
    );
  });

  it('with enough outcomes, a logistic fit beats a miscalibrated formula on the newest 30%', () => {
    // Outcomes drawn with p = sigma(-2 + 3 shortage); the formula says shortage * urgency (urgency 1).
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const samples: JudgedOutcome[] = Array.from({ length: 3000 }, () => {
      const shortageRatio = next();
      return {
        shortageRatio,
        urgency: 1,
        risk: shortageRatio,
        late: next() < sigmoid(-2 + 3 * shortageRatio),
      };
    });
    const calibration = calibrateFulfilment(samples, 200);
    expect(calibration.logistic).toMatchObject({ trainedOn: 2100, testedOn: 900 });
    const { brier, formulaBrier } = calibration.logistic ?? { brier: null, formulaBrier: null };
    expect((brier ?? 1) + 0.01).toBeLessThan(formulaBrier ?? 0);
  });
});
