import {
  creditFeatures,
  creditRisk,
  MAX_REPORTED_UTILISATION,
  shouldHold,
  shouldRelease,
} from './credit-risk';

const params = { utilisationWarn: 0.8, daysPastDueLimit: 60, holdThreshold: 0.7, releaseThreshold: 0.4 };

describe('credit risk', () => {
  it('combines utilisation and days past due as computed by hand', () => {
    // 45,000 of 50,000 = 0.9 -> (0.9 - 0.8) / 0.2 = 0.5; 15 / 60 = 0.25 -> 1 - 0.5*0.75 = 0.625
    const risk = creditRisk(50_000, 45_000, 15, params);
    expect(risk.utilisation).toBeCloseTo(0.9, 12);
    expect(risk.utilisationRisk).toBeCloseTo(0.5, 12);
    expect(risk.overdueRisk).toBe(0.25);
    expect(risk.risk).toBeCloseTo(0.625, 12);
    expect(shouldHold(risk, params)).toBe(false);
    expect(shouldRelease(risk, params)).toBe(false);
  });

  it('holds an order that takes utilisation to 96%', () => {
    // 48,000 / 50,000 = 0.96 -> 0.8; 1 - 0.2*0.75 = 0.85 >= 0.7
    const risk = creditRisk(50_000, 48_000, 15, params);
    expect(risk.risk).toBeCloseTo(0.85, 12);
    expect(shouldHold(risk, params)).toBe(true);
  });

  it('releases below the release threshold only', () => {
    // 30,000 / 50,000 = 0.6 -> 0; 12 / 60 = 0.2 -> risk 0.2 < 0.4
    expect(shouldRelease(creditRisk(50_000, 30_000, 12, params), params)).toBe(true);
  });

  it('caps utilisation, and treats a zero limit with exposure as over the limit', () => {
    expect(creditRisk(0, 10, 0, params)).toMatchObject({ utilisation: MAX_REPORTED_UTILISATION, risk: 1 });
    expect(creditRisk(0, 0, 0, params)).toMatchObject({ utilisation: 0, risk: 0 });
    expect(creditRisk(100, 5_000, 0, params).utilisation).toBe(MAX_REPORTED_UTILISATION);
  });

  it('runs a fitted model when its version has coefficients: its probability is the risk, the formula is kept beside it', () => {
    // sigma(-3 + 2*0.9 + 1.5*15/30) = sigma(-0.45) = 0.389361
    const fitted = creditRisk(50_000, 45_000, 15, { ...params, fittedCoefficients: [-3, 2, 1.5] });
    expect(fitted.risk).toBeCloseTo(1 / (1 + Math.exp(0.45)), 12);
    expect(fitted).toMatchObject({ calibrated: true, utilisation: 0.9 });
    expect(fitted.formulaRisk).toBeCloseTo(0.625, 12);
    expect(creditRisk(50_000, 45_000, 15, params)).toMatchObject({ calibrated: false });
    expect(creditFeatures(10, 45)).toEqual([2, 1.5]);
  });
});
