import { fulfilmentRisk, urgencyOf } from './order-fulfilment';

const params = { horizonDays: 7, delayWeight: 0.8, riskThreshold: 0.5 };
const lines = [
  { sku: 'A', quantity: 10 },
  { sku: 'B', quantity: 5 },
  { sku: 'A', quantity: 10 },
  { sku: 'C', quantity: 99 },
];
const atp = new Map([
  ['A', 15],
  ['B', 10],
]);

describe('order fulfilment risk', () => {
  it('computes shortage, urgency and risk by hand', () => {
    // A: ordered 20, available 15 -> 15 covered; B: 5 of 5; C unknown, left out.
    // shortage = 1 - 20/25 = 0.2; urgency at 7 days with a 7-day horizon = 7/14 = 0.5
    // risk = 1 - (1 - 0.2*0.5) * (1 - 0) = 0.1
    const risk = fulfilmentRisk(lines, atp, 7, false, params);
    expect(risk).toMatchObject({ orderedUnits: 25, coveredUnits: 20, unknownSkus: ['C'], atRisk: false });
    expect(risk.shortageRatio).toBeCloseTo(0.2, 12);
    expect(risk.urgency).toBe(0.5);
    expect(risk.risk).toBeCloseTo(0.1, 12);
  });

  it('lets a reported delay alone put the order at risk', () => {
    // 1 - (1 - 0.1) * (1 - 0.8) = 1 - 0.9*0.2 = 0.82
    const risk = fulfilmentRisk(lines, atp, 7, true, params);
    expect(risk.risk).toBeCloseTo(0.82, 12);
    expect(risk.atRisk).toBe(true);
  });

  it('is fully urgent on or after the ship date, and counts negative stock as none', () => {
    expect(urgencyOf(0, 7)).toBe(1);
    expect(urgencyOf(-3, 7)).toBe(1);
    expect(urgencyOf(21, 7)).toBe(0.25);
    const risk = fulfilmentRisk([{ sku: 'A', quantity: 4 }], new Map([['A', -2]]), 0, false, params);
    expect(risk.risk).toBe(1);
  });

  it('runs a fitted model when its version has coefficients: P(late | shortage, urgency), a reported delay still weighed', () => {
    const fittedParams = { ...params, fittedCoefficients: [-2, 3, 1] };
    const risk = fulfilmentRisk(lines, atp, 7, false, fittedParams);
    const p = 1 / (1 + Math.exp(-(-2 + 3 * risk.shortageRatio + risk.urgency)));
    expect(risk.risk).toBeCloseTo(p, 12);
    expect(risk.formulaRisk).toBeCloseTo(fulfilmentRisk(lines, atp, 7, false, params).risk, 12);
    expect(risk.calibrated).toBe(true);
    expect(fulfilmentRisk(lines, atp, 7, true, fittedParams).risk).toBeCloseTo(1 - (1 - p) * 0.2, 12);
    expect(fulfilmentRisk(lines, atp, 7, false, params).calibrated).toBe(false);
  });
});
