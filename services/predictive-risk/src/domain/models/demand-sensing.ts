// Demand sensing per SKU-location: additive Holt-Winters (ETS(A,A,A) in error-correction form) of
// DAILY demand, with a level, a trend and a weekly seasonality. Demand records are added up per
// calendar day; a day is smoothed once the next day's first record shows it is over.
//   forecast f_t = L + T + S[dow(t)];  e_t = x_t - f_t
//   L = L + T + alpha*e;  T = T + beta*e;  S[dow(t)] = S[dow(t)] + gamma*e
//   V = (1 - alpha)*V + alpha*e^2   (the one-step error variance safety stock must cover)
// The first week starts it: while fewer than 7 days have closed, the level is simple exponential
// smoothing (L_1 = x_1, as Brown's method) and each day's total is kept in S; when the 7th day
// closes, L = the week's mean, T = 0 and S[d] = x_d - mean (the classic initialisation). With
// beta = gamma = 0 the model is simple exponential smoothing after that first week.
// No TypeScript library keeps an additive Holt-Winters state incrementally, hence by hand.
import { addDays, dayOfWeek, daysBetween } from '../math/calendar';

export const SEASON_DAYS = 7;

export interface DemandSensingParameters {
  /** Smoothing weight of the level (and of the error variance), in (0, 1]. */
  readonly alpha: number;
  /** Smoothing weight of the trend, in [0, 1). */
  readonly beta: number;
  /** Smoothing weight of the weekly seasonal index, in [0, 1 - alpha]. */
  readonly gamma: number;
  /**
   * Days without any record between two recorded days count as zero demand, up to this many; a
   * longer silence is a gap in the feed, not weeks of zero demand, and is skipped.
   */
  readonly maxGapDays: number;
}

export interface DemandState {
  /** The day still being added up. */
  readonly openDate: string;
  readonly openQuantity: number;
  /** Deseasonalised daily demand; null until a first day has closed. */
  readonly level: number | null;
  /** Change of the level per day. */
  readonly trend: number;
  /** Seasonal index by UTC day of the week (0 = Sunday); the first week's totals until it closes. */
  readonly seasonal: readonly number[];
  readonly variance: number;
  /** Closed days smoothed so far. */
  readonly daysObserved: number;
}

/** A day that closed: its total demand and the forecast that stood for it before it was known. */
export interface ClosedDay {
  readonly date: string;
  readonly quantity: number;
  /** null for the very first day of a series: nothing was forecast then. */
  readonly forecast: number | null;
}

export type DemandUpdate =
  | {
      readonly kind: 'applied';
      readonly state: DemandState;
      readonly closedDays: readonly ClosedDay[];
      /** The one-day-ahead forecast for the (new) open day, when there is a level. */
      readonly forecast: { readonly date: string; readonly value: number } | null;
    }
  /** A record for a day already closed: it cannot change the smoothing any more. */
  | { readonly kind: 'late'; readonly state: DemandState };

/** The smoothed part of a demand state: what one closed day changes. */
export type Smoothing = Pick<DemandState, 'level' | 'trend' | 'seasonal' | 'variance' | 'daysObserved'>;

export function emptySmoothing(): Smoothing {
  return {
    level: null,
    trend: 0,
    seasonal: new Array<number>(SEASON_DAYS).fill(0),
    variance: 0,
    daysObserved: 0,
  };
}

/** The one-day-ahead forecast for `date` (never below zero); null before any day has closed. */
export function forecastFor(s: Smoothing, date: string): number | null {
  if (s.level === null) return null;
  if (s.daysObserved < SEASON_DAYS) return Math.max(0, s.level);
  return Math.max(0, s.level + s.trend + s.seasonal[dayOfWeek(date)]);
}

/** Smooths one closed day into the state. */
export function smoothDay(
  s: Smoothing,
  date: string,
  quantity: number,
  p: DemandSensingParameters,
): Smoothing {
  const d = dayOfWeek(date);
  const daysObserved = s.daysObserved + 1;
  if (s.level === null || s.daysObserved < SEASON_DAYS) {
    const seasonal = s.seasonal.slice();
    seasonal[d] = quantity;
    let level = quantity;
    let variance = 0;
    if (s.level !== null) {
      const error = quantity - s.level;
      level = s.level + p.alpha * error;
      variance = (1 - p.alpha) * s.variance + p.alpha * error * error;
    }
    if (daysObserved < SEASON_DAYS) return { level, trend: 0, seasonal, variance, daysObserved };
    const mean = seasonal.reduce((a, b) => a + b, 0) / SEASON_DAYS;
    return { level: mean, trend: 0, seasonal: seasonal.map((x) => x - mean), variance, daysObserved };
  }
  const error = quantity - (s.level + s.trend + s.seasonal[d]);
  const seasonal = s.seasonal.slice();
  seasonal[d] += p.gamma * error;
  return {
    level: s.level + s.trend + p.alpha * error,
    trend: s.trend + p.beta * error,
    seasonal,
    variance: (1 - p.alpha) * s.variance + p.alpha * error * error,
    daysObserved,
  };
}

/** Adds one demand record to a SKU-location's state. */
export function recordDemand(
  state: DemandState | undefined,
  date: string,
  quantity: number,
  params: DemandSensingParameters,
): DemandUpdate {
  if (!state) {
    const fresh = { openDate: date, openQuantity: quantity, ...emptySmoothing() };
    return { kind: 'applied', state: fresh, closedDays: [], forecast: null };
  }
  const ahead = daysBetween(state.openDate, date);
  if (ahead < 0) return { kind: 'late', state };
  if (ahead === 0) {
    const next = { ...state, openQuantity: state.openQuantity + quantity };
    return { kind: 'applied', state: next, closedDays: [], forecast: forecastOf(next) };
  }
  const days: { date: string; quantity: number }[] = [{ date: state.openDate, quantity: state.openQuantity }];
  const zeroDays = Math.min(ahead - 1, params.maxGapDays);
  for (let i = 1; i <= zeroDays; i++) days.push({ date: addDays(state.openDate, i), quantity: 0 });

  let smoothing: Smoothing = state;
  const closedDays: ClosedDay[] = [];
  for (const day of days) {
    closedDays.push({ date: day.date, quantity: day.quantity, forecast: forecastFor(smoothing, day.date) });
    smoothing = smoothDay(smoothing, day.date, day.quantity, params);
  }
  const { level, trend, seasonal, variance, daysObserved } = smoothing;
  const next: DemandState = {
    openDate: date,
    openQuantity: quantity,
    level,
    trend,
    seasonal,
    variance,
    daysObserved,
  };
  return { kind: 'applied', state: next, closedDays, forecast: forecastOf(next) };
}

function forecastOf(state: DemandState): { date: string; value: number } | null {
  const value = forecastFor(state, state.openDate);
  return value === null ? null : { date: state.openDate, value };
}
