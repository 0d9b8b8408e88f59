import { inverseNormalCdf, normalCdf, normalExceedance } from './normal';

// Expected values are those of standard normal tables (to 7 decimals).
describe('normalCdf', () => {
  it('matches the table at 0, +-1, -1.96 and 0.5', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 6);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914625, 6);
  });

  it('is 0 and 1 at the infinities and symmetric about 0', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(1.3) + normalCdf(-1.3)).toBeCloseTo(1, 7);
  });
});

describe('inverseNormalCdf (Acklam)', () => {
  it('gives the familiar service-level z values', () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormalCdf(0.8)).toBeCloseTo(0.8416212, 6);
    expect(inverseNormalCdf(0.95)).toBeCloseTo(1.6448536, 6);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 6);
  });

  it('is right in both tails, where it switches to the tail formula', () => {
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(inverseNormalCdf(0.999)).toBeCloseTo(3.0902323, 6);
  });

  it('inverts normalCdf', () => {
    for (const p of [0.001, 0.02, 0.3, 0.7, 0.97, 0.9999])
      expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 6);
  });

  it('refuses 0, 1 and anything outside', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => inverseNormalCdf(p)).toThrow(RangeError);
  });
});

describe('normalExceedance', () => {
  it('is P(X > t) for X ~ N(mean, sd^2): t one sd above the mean gives 1 - 0.8413447', () => {
    expect(normalExceedance(110, 100, 10)).toBeCloseTo(0.1586553, 6);
    expect(normalExceedance(90, 100, 10)).toBeCloseTo(0.8413447, 6);
  });

  it('treats a zero spread as a point mass', () => {
    expect(normalExceedance(99, 100, 0)).toBe(1);
    expect(normalExceedance(100, 100, 0)).toBe(0);
  });
});
