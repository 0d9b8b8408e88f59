import { addDays } from '../math/calendar';
import { holtWinters, rollingOrigin } from './demand-backtest';
import { recentWindow, type RecordedSeries, refitDemandSensing, scoreShadow, shadowRunReport } from './demand-refit';

const base = { alpha: 0.3, beta: 0, gamma: 0, maxGapDays: 28 };
const SEASON = [10, 30, 30, 30, 30, 50, 10];

/** 70 days from Sunday 5 January 2025: flat 20 for four weeks, then a weekly season sets in. */
function seasonal(key: string): { key: string; days: { date: string; quantity: number }[] } {
  return {
    key,
    days: Array.from({ length: 70 }, (_, i) => ({
      date: addDays('2025-01-05', i),
      quantity: i < 28 ? 20 : SEASON[i % 7],
    })),
  };
}

describe('demand refit on a recent window', () => {
  it('keeps the last N days of each series, counted back from the newest recorded day', () => {
    const [window] = recentWindow([seasonal('A')], 28);
    expect(window.days).toHaveLength(28);
    expect(window.days[0].date).toBe(addDays('2025-01-05', 42));
    expect(recentWindow([], 28)).toEqual([]);
  });

  it('learns a season that sets in within the window: gamma above 0, WAPE well below the flat champion on it', () => {
    const window = recentWindow([seasonal('A'), seasonal('B')], 56);
    const refit = refitDemandSensing(window, base, 14);
    expect(refit?.parameters.gamma).toBeGreaterThan(0);
    const flat = rollingOrigin(window, holtWinters(base), 14);
    expect((refit?.accuracy.wape ?? 1) + 0.1).toBeLessThan(flat.wape ?? 0);
    expect(refitDemandSensing([], base, 14)).toBeNull();
  });
});

describe('shadow scoring on live traffic', () => {
  it('scores only days resolved after the shadow started and forecast live by the champion, beside its forecasts', () => {
    // Champion c1 forecast 20 every day; days 1-4 resolved before the shadow started, 5-6 after.
    // The shadow is Holt-Winters (alpha 0.5, no season): L = 10, then 15, 17.5, 18.75, 19.375 by day 5.
    const series: RecordedSeries = {
      key: 'A',
      days: [10, 20, 20, 20, 20, 20].map((quantity, i) => ({
        date: addDays('2025-01-05', i),
        quantity,
        forecast: 20,
        modelVersion: i === 5 ? 'c0' : 'c1',
        resolvedAt: `2026-12-04T10:0${i}:00.000Z`,
      })),
    };
    const comparison = scoreShadow(
      [series],
      holtWinters({ ...base, alpha: 0.5 }),
      'c1',
      '2026-12-04T10:03:30.000Z',
    );
    // Day 5 only (day 6 was forecast by another champion): shadow 18.75 against 20, champion 20 against 20.
    expect(comparison.shadow).toMatchObject({ n: 1, wape: 0.0625 });
    expect(comparison.championAccuracy).toMatchObject({ n: 1, wape: 0 });
    expect(comparison.wapeDelta).toBeCloseTo(0.0625, 12);
  });

  it('is reported for model health with both WAPEs on the same forecasts, to 6 digits', () => {
    const accuracy = (n: number, wape: number | null) => ({ n, series: 1, wape, bias: 0, relativeBias: 0, relativeBiasBySeries: null });
    const report = shadowRunReport('s1', {
      since: '2026-12-04T10:00:00.000Z',
      champion: 'c1',
      shadow: accuracy(12, 0.1234567),
      championAccuracy: accuracy(12, 0.2),
      wapeDelta: 0.1234567 - 0.2,
    });
    expect(report).toEqual({
      version: 's1',
      champion: 'c1',
      since: '2026-12-04T10:00:00.000Z',
      forecasts: 12,
      wape: 0.123457,
      championWape: 0.2,
      wapeDelta: -0.076543,
    });
    const none = shadowRunReport('s1', { since: 'x', champion: 'c1', shadow: accuracy(0, null), championAccuracy: accuracy(0, null), wapeDelta: null });
    expect(none).toMatchObject({ forecasts: 0, wape: null, championWape: null, wapeDelta: null });
  });
});
