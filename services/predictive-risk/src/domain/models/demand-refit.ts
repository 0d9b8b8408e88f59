// Refitting demand sensing on a recent window of recorded daily history: the smoothing weights
// are chosen by grid search, each candidate scored by rolling-origin WAPE on the window (the same
// evaluation a backtest uses), and shadow scoring of a refit beside the champion on live traffic.
import { type ShadowRunV1 } from '@governor/contracts';
import { round } from '../proposals/proposal';
import { type DailySeries, type DemandForecaster, holtWinters, rollingOrigin } from './demand-backtest';
import { type DemandSensingParameters } from './demand-sensing';
import { type ForecastAccuracy, forecastAccuracy, type ForecastPoint } from './forecast-accuracy';

const ALPHAS = [0.1, 0.2, 0.3, 0.5];
const BETAS = [0, 0.01, 0.05];
const GAMMAS = [0, 0.1, 0.2, 0.3];

/** The last `days` days of each series (up to the newest day recorded in any series). */
export function recentWindow<S extends DailySeries>(series: readonly S[], days: number): S[] {
  const newest = series
    .flatMap((s) => s.days.map((d) => d.date))
    .sort()
    .pop();
  if (!newest) return [];
  const from = new Date(Date.parse(`${newest}T00:00:00Z`) - (days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return series
    .map((s) => ({ ...s, days: s.days.filter((d) => d.date >= from) }))
    .filter((s) => s.days.length > 0);
}

export interface Refit {
  readonly parameters: DemandSensingParameters;
  readonly accuracy: ForecastAccuracy;
}

/** The weights with the lowest WAPE on `window` (ties: the earlier in the grid); null without data. */
export function refitDemandSensing(
  window: readonly DailySeries[],
  base: DemandSensingParameters,
  firstOrigin: number,
): Refit | null {
  let best: Refit | null = null;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        if (gamma > 1 - alpha) continue;
        const parameters = { ...base, alpha, beta, gamma };
        const accuracy = rollingOrigin(window, holtWinters(parameters), firstOrigin);
        if (accuracy.wape === null) continue;
        if (!best || accuracy.wape < (best.accuracy.wape ?? Infinity)) best = { parameters, accuracy };
      }
    }
  }
  return best;
}

/** A recorded day: the actual, and the forecast the champion of the time made for it, live. */
export interface RecordedDay {
  readonly date: string;
  readonly quantity: number;
  readonly forecast: number;
  readonly modelVersion: string;
  readonly resolvedAt: string;
}

export interface RecordedSeries extends DailySeries {
  readonly days: readonly RecordedDay[];
}

export interface ShadowComparison {
  readonly since: string;
  readonly champion: string;
  readonly shadow: ForecastAccuracy;
  readonly championAccuracy: ForecastAccuracy;
  /** Shadow WAPE minus champion WAPE on the same days: negative when the shadow does better. */
  readonly wapeDelta: number | null;
}

/**
 * A shadow version scored on live traffic: on every day whose actual arrived after `since` and that
 * the champion forecast live, the shadow's one-day-ahead forecast (replaying the whole history, so
 * its state is warm) against the champion's recorded one. It proposes nothing.
 */
export function scoreShadow<S>(
  history: readonly RecordedSeries[],
  shadow: DemandForecaster<S>,
  champion: string,
  since: string,
): ShadowComparison {
  const shadowPoints: ForecastPoint[] = [];
  const championPoints: ForecastPoint[] = [];
  for (const { key, days } of history) {
    let state = shadow.start();
    for (const day of days) {
      const forecast = shadow.forecast(state, day.date);
      if (forecast !== null && day.resolvedAt > since && day.modelVersion === champion) {
        shadowPoints.push({ key, forecast, actual: day.quantity });
        championPoints.push({ key, forecast: day.forecast, actual: day.quantity });
      }
      state = shadow.update(state, day.date, day.quantity);
    }
  }
  const s = forecastAccuracy(shadowPoints);
  const c = forecastAccuracy(championPoints);
  return {
    since,
    champion,
    shadow: s,
    championAccuracy: c,
    wapeDelta: s.wape !== null && c.wape !== null ? s.wape - c.wape : null,
  };
}

/**
 * A shadow run as model health reports it (ShadowRunV1): both WAPEs on the same forecasts, the
 * count of forecasts being the shadow's (the champion's is the same, day for day).
 */
export function shadowRunReport(version: string, comparison: ShadowComparison): ShadowRunV1 {
  const rounded = (x: number | null) => (x === null ? null : round(x, 6));
  return {
    version,
    champion: comparison.champion,
    since: comparison.since,
    forecasts: comparison.shadow.n,
    wape: rounded(comparison.shadow.wape),
    championWape: rounded(comparison.championAccuracy.wape),
    wapeDelta: rounded(comparison.wapeDelta),
  };
}
