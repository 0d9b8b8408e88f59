// Stockout risk over the supplier's lead time, by the normal approximation of lead-time demand:
//   D_L ~ N(L * mu, L * sigma^2 + mu^2 * var(L))
// with mu and sigma^2 the smoothed daily demand and its variance and var(L) the variance of the
// lead time when the supplier's history gives one. From the service level in configuration:
//   z = inverse normal CDF(service level), safety stock = z * sd(D_L),
//   reorder point = E[D_L] + safety stock,
//   order-up-to level = reorder point + mu * review period.
// The stock position (on hand + in transit - allocated) at or below the reorder point is the need.
import { inverseNormalCdf, normalExceedance } from '../math/normal';

export interface StockoutParameters {
  /** Probability of no stockout within a lead time that the reorder point is set for. */
  readonly serviceLevel: number;
  readonly reviewPeriodDays: number;
  /** Days of demand history below which a plan's confidence is scaled down. */
  readonly minHistoryDays: number;
}

export interface DemandRate {
  readonly mean: number;
  readonly variance: number;
  readonly daysObserved: number;
}

export interface LeadTime {
  readonly days: number;
  /** Variance of the lead time in days^2; 0 when unknown. */
  readonly varianceDays2: number;
}

export interface StockLevels {
  readonly onHand: number;
  readonly allocated: number;
  readonly inTransit: number;
}

export interface ReplenishmentPlan {
  readonly z: number;
  readonly leadTimeDemandMean: number;
  readonly leadTimeDemandSd: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  readonly orderUpToLevel: number;
  readonly stockPosition: number;
  /** P(demand over the lead time exceeds the stock position). */
  readonly stockoutProbability: number;
  /**
   * P(demand over lead time + review period exceeds the stock position): the chance of running
   * out if nothing is ordered now, since the next chance to order comes one review period later.
   */
  readonly protectionStockoutProbability: number;
  /** min(1, days observed / minimum history). */
  readonly historyFactor: number;
  /** historyFactor x protectionStockoutProbability: how sure the plan is that an order is needed now. */
  readonly confidence: number;
  readonly belowReorderPoint: boolean;
}

export function stockPosition(levels: StockLevels): number {
  return levels.onHand + levels.inTransit - levels.allocated;
}

/** Demand over `days` days: mean and standard deviation under the normal approximation. */
export function demandOver(
  days: number,
  demand: DemandRate,
  leadTimeVariance: number,
): { mean: number; sd: number } {
  const variance = days * demand.variance + demand.mean * demand.mean * leadTimeVariance;
  return { mean: days * demand.mean, sd: Math.sqrt(Math.max(0, variance)) };
}

export function planReplenishment(
  demand: DemandRate,
  leadTime: LeadTime,
  position: number,
  params: StockoutParameters,
): ReplenishmentPlan {
  const z = inverseNormalCdf(params.serviceLevel);
  const overLeadTime = demandOver(leadTime.days, demand, leadTime.varianceDays2);
  const safetyStock = z * overLeadTime.sd;
  const reorderPoint = overLeadTime.mean + safetyStock;
  const orderUpToLevel = reorderPoint + demand.mean * params.reviewPeriodDays;
  const overProtection = demandOver(leadTime.days + params.reviewPeriodDays, demand, leadTime.varianceDays2);
  const protectionStockoutProbability = normalExceedance(position, overProtection.mean, overProtection.sd);
  const historyFactor =
    params.minHistoryDays <= 0 ? 1 : Math.min(1, demand.daysObserved / params.minHistoryDays);
  return {
    z,
    leadTimeDemandMean: overLeadTime.mean,
    leadTimeDemandSd: overLeadTime.sd,
    safetyStock,
    reorderPoint,
    orderUpToLevel,
    stockPosition: position,
    stockoutProbability: normalExceedance(position, overLeadTime.mean, overLeadTime.sd),
    protectionStockoutProbability,
    historyFactor,
    confidence: historyFactor * protectionStockoutProbability,
    belowReorderPoint: position <= reorderPoint,
  };
}

/**
 * Units to order to bring `position` up to the order-up-to level: whole units, and never less
 * than the supplier's minimum order quantity; 0 when the position is already there.
 */
export function orderQuantity(orderUpToLevel: number, position: number, minOrderQuantity: number): number {
  const shortfall = orderUpToLevel - position;
  if (shortfall <= 0) return 0;
  return Math.max(Math.ceil(shortfall - 1e-9), Math.ceil(minOrderQuantity));
}
