// Forecast accuracy of a demand model: WAPE (sum |forecast - actual| / sum actual) and bias, pooled
// and per series (SKU@location). Pooled bias lets opposite biases cancel, so the per-series relative
// bias (sum (forecast - actual) / sum actual) is also reported as a distribution across series.
import { quantileSorted } from 'simple-statistics';

export interface ForecastPoint {
  /** The series, e.g. `SKU@location`. */
  readonly key: string;
  readonly forecast: number;
  readonly actual: number;
}

export interface SeriesAccuracy {
  readonly key: string;
  readonly n: number;
  /** null when the series' actuals add up to zero. */
  readonly wape: number | null;
  readonly relativeBias: number | null;
}

export interface ForecastAccuracy {
  readonly n: number;
  readonly series: number;
  readonly wape: number | null;
  /** Mean of forecast - actual, in units. */
  readonly bias: number | null;
  /** Sum of (forecast - actual) over sum of actuals. */
  readonly relativeBias: number | null;
  /** The per-series relative bias across series; null without a series that has one. */
  readonly relativeBiasBySeries: {
    readonly p10: number;
    readonly p50: number;
    readonly p90: number;
    /** Share of series whose relative bias is beyond +-10%. */
    readonly beyond10Percent: number;
  } | null;
}

interface Sums {
  n: number;
  absError: number;
  error: number;
  actual: number;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function seriesAccuracy(key: string, s: Sums): SeriesAccuracy {
  return { key, n: s.n, wape: ratio(s.absError, s.actual), relativeBias: ratio(s.error, s.actual) };
}

export function forecastAccuracy(points: readonly ForecastPoint[]): ForecastAccuracy {
  const total: Sums = { n: 0, absError: 0, error: 0, actual: 0 };
  const bySeries = new Map<string, Sums>();
  for (const p of points) {
    const error = p.forecast - p.actual;
    let s = bySeries.get(p.key);
    if (!s) bySeries.set(p.key, (s = { n: 0, absError: 0, error: 0, actual: 0 }));
    for (const sums of [total, s]) {
      sums.n += 1;
      sums.absError += Math.abs(error);
      sums.error += error;
      sums.actual += p.actual;
    }
  }
  const biases = [...bySeries]
    .map(([key, s]) => seriesAccuracy(key, s).relativeBias)
    .filter((b): b is number => b !== null)
    .sort((a, b) => a - b);
  return {
    n: total.n,
    series: bySeries.size,
    wape: ratio(total.absError, total.actual),
    bias: total.n > 0 ? total.error / total.n : null,
    relativeBias: ratio(total.error, total.actual),
    relativeBiasBySeries:
      biases.length === 0
        ? null
        : {
            p10: quantileSorted(biases, 0.1),
            p50: quantileSorted(biases, 0.5),
            p90: quantileSorted(biases, 0.9),
            beyond10Percent: biases.filter((b) => Math.abs(b) > 0.1).length / biases.length,
          },
  };
}
