// The scorecard's business outcomes (docs/design.md, the seed's "cycle time, fill rate, forecast
// bias"), from the source events data-quality scored and the proposals predictive-risk made.
// Definitions (also in the README):
// - fill rate: orders placed in the window that a shipment of theirs reported picked, dispatched or
//   delivered by the window's end, over the orders placed in it. Shipment reports carry no
//   quantities, so it is an order fill rate, not a line or unit one;
// - order cycle time: placed -> first dispatched or delivered report, of the orders placed in the
//   window that shipped by its end;
// - forecast accuracy: each daily demand recorded in the window, paired with the latest daily
//   demand forecast a proposal made for the same SKU@location before that demand was recorded and
//   no later than its date (a forecast of what was still to come, never of a day already known);
//   per model version: WAPE = sum |forecast - actual| / sum actual, bias = mean (forecast - actual)
//   in units a day, relative bias = sum (forecast - actual) / sum actual.
import { round } from './health';

export const FILLED_STATUSES = ['picked', 'dispatched', 'delivered'] as const;
export const SHIPPED_STATUSES = ['dispatched', 'delivered'] as const;

/** One order placed in the window, with its first filled and first shipped report (null: none yet). */
export interface OrderFacts {
  placedAt: number;
  filledAt: number | null;
  shippedAt: number | null;
}

/** A daily demand forecast a proposal carried. */
export interface DemandForecast {
  modelId: string;
  modelVersion: string;
  /** `SKU@LOCATION` */
  subject: string;
  madeAt: number;
  dailyDemand: number;
}

/** A daily demand the ERP recorded. */
export interface DemandActual {
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
  recordedAt: number;
  quantity: number;
}

export interface FillRate {
  orders: number;
  filled: number;
  rate: number | null;
}

export interface ForecastAccuracy {
  modelId: string;
  modelVersion: string;
  pairs: number;
  wape: number | null;
  bias: number | null;
  relativeBias: number | null;
}

export function fillRate(orders: readonly OrderFacts[], to: number): FillRate {
  const filled = orders.filter((o) => o.filledAt !== null && o.filledAt <= to).length;
  return { orders: orders.length, filled, rate: orders.length > 0 ? round(filled / orders.length) : null };
}

/** Seconds from placement to the first shipment, of the orders that shipped by `to`, sorted. */
export function cycleTimes(orders: readonly OrderFacts[], to: number): number[] {
  return orders
    .filter((o): o is OrderFacts & { shippedAt: number } => o.shippedAt !== null && o.shippedAt <= to)
    .map((o) => Math.max(0, o.shippedAt - o.placedAt) / 1000)
    .sort((a, b) => a - b);
}

/**
 * The forecast each actual is judged against: the latest made before the actual was recorded and
 * on or before the day it counts (UTC); an actual with none is left out.
 */
export function pairForecasts(
  forecasts: readonly DemandForecast[],
  actuals: readonly DemandActual[],
): { forecast: DemandForecast; actual: DemandActual }[] {
  const bySubject = new Map<string, DemandForecast[]>();
  for (const f of forecasts) bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f]);
  const pairs: { forecast: DemandForecast; actual: DemandActual }[] = [];
  for (const actual of actuals) {
    const dayEnd = Date.parse(`${actual.date}T00:00:00Z`) + 86_400_000;
    let best: DemandForecast | undefined;
    for (const f of bySubject.get(actual.subject) ?? []) {
      if (f.madeAt < actual.recordedAt && f.madeAt < dayEnd && (!best || f.madeAt > best.madeAt)) best = f;
    }
    if (best) pairs.push({ forecast: best, actual });
  }
  return pairs;
}

/** WAPE and bias per model version, ordered by model id then version. */
export function forecastAccuracy(
  forecasts: readonly DemandForecast[],
  actuals: readonly DemandActual[],
): ForecastAccuracy[] {
  const byModel = new Map<
    string,
    { modelId: string; modelVersion: string; errors: number[]; actualSum: number }
  >();
  for (const { forecast, actual } of pairForecasts(forecasts, actuals)) {
    const key = `${forecast.modelId}\u0000${forecast.modelVersion}`;
    const entry = byModel.get(key) ?? {
      modelId: forecast.modelId,
      modelVersion: forecast.modelVersion,
      errors: [],
      actualSum: 0,
    };
    entry.errors.push(forecast.dailyDemand - actual.quantity);
    entry.actualSum += actual.quantity;
    byModel.set(key, entry);
  }
  return [...byModel.values()]
    .sort((a, b) => a.modelId.localeCompare(b.modelId) || a.modelVersion.localeCompare(b.modelVersion))
    .map(({ modelId, modelVersion, errors, actualSum }) => {
      const net = errors.reduce((s, e) => s + e, 0);
      const absolute = errors.reduce((s, e) => s + Math.abs(e), 0);
      return {
        modelId,
        modelVersion,
        pairs: errors.length,
        wape: actualSum > 0 ? round(absolute / actualSum) : null,
        bias: round(net / errors.length),
        relativeBias: actualSum > 0 ? round(net / actualSum) : null,
      };
    });
}

/**
 * The daily demand forecast a proposal carries, if any: its `averageDailyDemand` feature for the
 * SKU at the location it is about (`location`, or `toLocation` for a transfer); null otherwise.
 */
export function forecastOfProposal(proposal: {
  parameters: Record<string, unknown>;
  features: Record<string, number | string | boolean>;
}): { subject: string; dailyDemand: number } | null {
  const demand = proposal.features.averageDailyDemand;
  const { sku } = proposal.parameters;
  const location = proposal.parameters.location ?? proposal.parameters.toLocation;
  if (
    typeof demand !== 'number' ||
    !Number.isFinite(demand) ||
    typeof sku !== 'string' ||
    typeof location !== 'string'
  )
    return null;
  return { subject: `${sku}@${location}`, dailyDemand: demand };
}
