// Rolling-origin evaluation of a demand model on recorded daily history: at each origin from
// `firstOrigin` on, the model has seen the series up to that day and forecasts the next one; the
// forecasts are scored against what happened (forecast-accuracy). The service's models update one
// day at a time, so "refit at each origin" is the same as replaying the series once. A candidate
// and the champion are compared on the same series and origins.
import { type ForecastPoint, forecastAccuracy, type ForecastAccuracy } from './forecast-accuracy';
import {
  type DemandSensingParameters,
  emptySmoothing,
  forecastFor,
  smoothDay,
  type Smoothing,
} from './demand-sensing';

export interface DailySeries {
  /** e.g. `SKU@location`. */
  readonly key: string;
  /** Consecutive days, oldest first. */
  readonly days: readonly { readonly date: string; readonly quantity: number }[];
}

/** A one-day-ahead demand forecaster, replayed day by day. */
export interface DemandForecaster<S> {
  start(): S;
  forecast(state: S, date: string): number | null;
  update(state: S, date: string, quantity: number): S;
}

export function holtWinters(params: DemandSensingParameters): DemandForecaster<Smoothing> {
  return {
    start: emptySmoothing,
    forecast: forecastFor,
    update: (s, date, quantity) => smoothDay(s, date, quantity, params),
  };
}

/** Simple exponential smoothing, demand sensing's code version 1: L = L + alpha * (x - L). */
export function simpleSmoothing(alpha: number): DemandForecaster<number | null> {
  return {
    start: () => null,
    forecast: (level) => level,
    update: (level, _date, x) => (level === null ? x : level + alpha * (x - level)),
  };
}

/**
 * The forecaster a registered demand-sensing version ran (by its code version and parameters), so
 * that a new version can be backtested against a champion whose code is no longer the current one.
 */
export function demandForecasterOf(
  version: string,
  parameters: Record<string, unknown>,
): DemandForecaster<unknown> | null {
  const major = version.split('.')[0];
  const num = (name: string, fallback: number) =>
    typeof parameters[name] === 'number' ? (parameters[name] as number) : fallback;
  if (major === '1') return simpleSmoothing(num('alpha', 0.3)) as DemandForecaster<unknown>;
  if (major === '2') {
    const params = {
      alpha: num('alpha', 0.3),
      beta: num('beta', 0),
      gamma: num('gamma', 0),
      maxGapDays: num('maxGapDays', 28),
    };
    return holtWinters(params) as DemandForecaster<unknown>;
  }
  return null;
}

export function rollingOrigin<S>(
  series: readonly DailySeries[],
  model: DemandForecaster<S>,
  firstOrigin: number,
): ForecastAccuracy {
  const points: ForecastPoint[] = [];
  for (const { key, days } of series) {
    let state = model.start();
    days.forEach((day, i) => {
      const forecast = model.forecast(state, day.date);
      if (i > firstOrigin && forecast !== null) points.push({ key, forecast, actual: day.quantity });
      state = model.update(state, day.date, day.quantity);
    });
  }
  return forecastAccuracy(points);
}

export interface BacktestComparison {
  readonly candidate: ForecastAccuracy;
  readonly champion: ForecastAccuracy;
  /** Candidate WAPE minus champion WAPE: negative when the candidate is better. */
  readonly wapeDelta: number | null;
}

export function compareOnHistory<A, B>(
  series: readonly DailySeries[],
  candidate: DemandForecaster<A>,
  champion: DemandForecaster<B>,
  firstOrigin: number,
): BacktestComparison {
  const c = rollingOrigin(series, candidate, firstOrigin);
  const k = rollingOrigin(series, champion, firstOrigin);
  return {
    candidate: c,
    champion: k,
    wapeDelta: c.wape !== null && k.wape !== null ? c.wape - k.wape : null,
  };
}
