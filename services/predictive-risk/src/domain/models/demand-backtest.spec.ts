import { addDays } from '../math/calendar';
import {
  compareOnHistory,
  type DailySeries,
  demandForecasterOf,
  holtWinters,
  rollingOrigin,
  simpleSmoothing,
} from './demand-backtest';

/** Park-Miller, so the generated series are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Daily demand = base * weekday factor + N(0, sd) noise, floored at 0 (2025-01-05 is a Sunday). */
function weeklySeries(count: number, days: number, sd: number): DailySeries[] {
  const weekday = [0.5, 1.2, 1.1, 1.0, 1.05, 1.35, 0.8];
  const next = random(42);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: count }, (_, k) => {
    const base = 20 + 5 * k;
    return {
      key: `SKU-${k}@DC1`,
      days: Array.from({ length: days }, (_, i) => ({
        date: addDays('2025-01-05', i),
        quantity: Math.max(0, Math.round(base * weekday[i % 7] + sd * normal())),
      })),
    };
  });
}

describe('demand backtest: rolling-origin evaluation on series with a known weekly seasonality', () => {
  const series = weeklySeries(20, 140, 4);
  const holt = rollingOrigin(series, holtWinters({ alpha: 0.3, beta: 0.01, gamma: 0.2, maxGapDays: 28 }), 28);
  const simple = rollingOrigin(series, simpleSmoothing(0.3), 28);

  it('Holt-Winters WAPE 0.056 against simple smoothing 0.248: under a third of it', () => {
    const [holtWape, simpleWape] = [holt.wape ?? NaN, simple.wape ?? NaN];
    expect(holtWape * 3).toBeLessThan(simpleWape);
    // The noise alone (sd 4 on a mean of 67.5) costs about 0.047: Holt-Winters stays near it.
    expect(holtWape).toBeLessThan(0.08);
    // Both were scored on the same origins: 20 series x (140 - 29) days.
    expect(holt.n).toBe(20 * 111);
    expect(simple.n).toBe(holt.n);
  });

  it('leaves little bias in any series: relative bias within +-5% from the 10th to the 90th percentile', () => {
    const spread = holt.relativeBiasBySeries;
    expect(Math.abs(spread?.p10 ?? NaN)).toBeLessThan(0.05);
    expect(Math.abs(spread?.p90 ?? NaN)).toBeLessThan(0.05);
    expect(Math.abs(holt.relativeBias ?? NaN)).toBeLessThan(0.02);
  });
});

describe('demand backtest: a candidate against the champion it would replace', () => {
  it('compares on the same history, with the champion rebuilt from its registered version', () => {
    const series = weeklySeries(5, 70, 4);
    const champion = demandForecasterOf('1.0.0+abcdef12', { alpha: 0.3, maxGapDays: 28 });
    const candidate = demandForecasterOf('2.0.0+12345678', {
      alpha: 0.3,
      beta: 0.01,
      gamma: 0.2,
      maxGapDays: 28,
    });
    if (!champion || !candidate) throw new Error('both code versions are known');
    const comparison = compareOnHistory(series, candidate, champion, 14);
    expect(comparison.candidate.n).toBe(comparison.champion.n);
    expect(comparison.wapeDelta).toBeLessThan(-0.1);
    expect(comparison.champion.wape).toBeCloseTo(
      rollingOrigin(series, simpleSmoothing(0.3), 14).wape ?? NaN,
      12,
    );
    expect(demandForecasterOf('9.0.0+00000000', {})).toBeNull();
  });
});
