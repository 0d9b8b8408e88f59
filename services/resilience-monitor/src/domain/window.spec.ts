// Scorecard windows and the share of a feed-health report that is new.
import { newShare } from './feed-coverage';
import { parseWindow, WindowError } from './window';

describe('parseWindow', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(parseWindow('90s')).toBe(90);
    expect(parseWindow('15m')).toBe(900);
    expect(parseWindow('1h')).toBe(3_600);
    expect(parseWindow('24h')).toBe(86_400);
    expect(parseWindow('7d')).toBe(604_800);
  });

  it('refuses anything else, and windows over 90 days', () => {
    for (const bad of ['', '1', 'h', '0h', '-1h', '1.5h', '1w', '24 h', 'abc']) {
      expect(() => parseWindow(bad)).toThrow(WindowError);
    }
    expect(() => parseWindow('91d')).toThrow(/longer than 90 days/);
    expect(parseWindow('90d')).toBe(7_776_000);
  });
});

describe('newShare', () => {
  const t = Date.parse('2025-03-03T08:00:00Z');

  it('counts a feed first report in full', () => {
    expect(newShare(null, t, 300)).toBe(1);
  });

  it('counts the part of the window the previous report did not cover', () => {
    expect(newShare(t - 15_000, t, 300)).toBe(0.05);
    expect(newShare(t - 300_000, t, 300)).toBe(1);
    expect(newShare(t - 900_000, t, 300)).toBe(1);
  });

  it('counts a report no newer than the previous one for nothing', () => {
    expect(newShare(t, t, 300)).toBe(0);
    expect(newShare(t + 1_000, t, 300)).toBe(0);
  });
});
