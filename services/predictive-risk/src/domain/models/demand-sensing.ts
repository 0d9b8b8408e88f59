// Demand sensing per SKU-location: simple exponential smoothing of DAILY demand. Demand records
// are added up per calendar day; a day is smoothed once the next day's first record shows it is
// over. The level is the one-day-ahead forecast; the variance is the exponentially smoothed squared
// one-step forecast error, which is what safety stock must cover (Brown's method):
//   e_t = x_t - L_{t-1};  L_t = L_{t-1} + alpha * e_t;  V_t = (1 - alpha) * V_{t-1} + alpha * e_t^2
// starting from L_1 = x_1, V_1 = 0.
import { addDays, daysBetween } from '../math/calendar';

export interface DemandSensingParameters {
  /** Smoothing weight of the newest day, in (0, 1]. */
  readonly alpha: number;
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
  /** Smoothed daily demand (the forecast for the open day); null until a first day has closed. */
  readonly level: number | null;
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

export function smoothDay(
  level: number | null,
  variance: number,
  quantity: number,
  alpha: number,
): { level: number; variance: number } {
  if (level === null) return { level: quantity, variance: 0 };
  const error = quantity - level;
  return { level: level + alpha * error, variance: (1 - alpha) * variance + alpha * error * error };
}

/** Adds one demand record to a SKU-location's state. */
export function recordDemand(
  state: DemandState | undefined,
  date: string,
  quantity: number,
  params: DemandSensingParameters,
): DemandUpdate {
  if (!state) {
    const fresh = { openDate: date, openQuantity: quantity, level: null, variance: 0, daysObserved: 0 };
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

  let { level, variance } = state;
  const closedDays: ClosedDay[] = [];
  for (const day of days) {
    closedDays.push({ date: day.date, quantity: day.quantity, forecast: level });
    ({ level, variance } = smoothDay(level, variance, day.quantity, params.alpha));
  }
  const next: DemandState = {
    openDate: date,
    openQuantity: quantity,
    level,
    variance,
    daysObserved: state.daysObserved + closedDays.length,
  };
  return { kind: 'applied', state: next, closedDays, forecast: forecastOf(next) };
}

function forecastOf(state: DemandState): { date: string; value: number } | null {
  return state.level === null ? null : { date: state.openDate, value: state.level };
}
