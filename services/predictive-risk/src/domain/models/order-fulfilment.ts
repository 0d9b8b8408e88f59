// Order fulfilment risk of one sales order, from three named factors, each in [0, 1]:
// - shortage: the share of ordered units that available-to-promise (on hand - allocated at the
//   order's location) does not cover, over the lines whose stock is known;
// - urgency: 1 when the requested ship date is today or past, horizon / (horizon + days) before
//   (halved when the ship date is one horizon away), so a shortage matters more the sooner it bites;
// - delay: a shipment of the order reported delayed.
// risk = 1 - (1 - shortage * urgency) * (1 - delayWeight * delayed): either cause alone can make it.
// Once a logistic regression fitted on recorded outcomes is validated (outcome-calibration.ts), its
// calibrated probability P(late | shortage, urgency) takes the place of shortage * urgency:
// risk = 1 - (1 - p) * (1 - delayWeight * delayed). A reported delay is observed, not predicted, so
// it weighs the same either way.
import { FULFILMENT_FEATURES, probability } from './outcome-calibration';

export interface OrderFulfilmentParameters {
  readonly horizonDays: number;
  readonly delayWeight: number;
  /** Risk at or above which the order is flagged. */
  readonly riskThreshold: number;
  /**
   * The fitted model this version runs, intercept first then one coefficient per
   * FULFILMENT_FEATURES; absent: the formula. Part of the parameters, so a fit is its own version.
   */
  readonly fittedCoefficients?: readonly number[];
}

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface FulfilmentRisk {
  readonly orderedUnits: number;
  readonly coveredUnits: number;
  readonly shortageRatio: number;
  readonly urgency: number;
  readonly delayed: boolean;
  /** SKUs whose stock at the location is unknown: left out of the shortage. */
  readonly unknownSkus: readonly string[];
  /** The risk the version runs: the fitted probability when it has one, else the formula's. */
  readonly risk: number;
  /** The formula's risk, which outcomes are held against to validate a fit. */
  readonly formulaRisk: number;
  readonly calibrated: boolean;
  readonly atRisk: boolean;
}

export function urgencyOf(daysToShip: number, horizonDays: number): number {
  if (daysToShip <= 0) return 1;
  return horizonDays / (horizonDays + daysToShip);
}

export function fulfilmentRisk(
  lines: readonly OrderLine[],
  availableToPromise: ReadonlyMap<string, number>,
  daysToShip: number,
  delayed: boolean,
  params: OrderFulfilmentParameters,
): FulfilmentRisk {
  const orderedBySku = new Map<string, number>();
  for (const line of lines) orderedBySku.set(line.sku, (orderedBySku.get(line.sku) ?? 0) + line.quantity);
  let orderedUnits = 0;
  let coveredUnits = 0;
  const unknownSkus: string[] = [];
  for (const [sku, ordered] of orderedBySku) {
    const available = availableToPromise.get(sku);
    if (available === undefined) {
      unknownSkus.push(sku);
      continue;
    }
    orderedUnits += ordered;
    coveredUnits += Math.min(ordered, Math.max(0, available));
  }
  const shortageRatio = orderedUnits === 0 ? 0 : 1 - coveredUnits / orderedUnits;
  const urgency = urgencyOf(daysToShip, params.horizonDays);
  const delay = 1 - params.delayWeight * (delayed ? 1 : 0);
  const formulaRisk = 1 - (1 - shortageRatio * urgency) * delay;
  const fitted = fittedProbability(params, shortageRatio, urgency);
  const risk = fitted === null ? formulaRisk : 1 - (1 - fitted) * delay;
  return {
    orderedUnits,
    coveredUnits,
    shortageRatio,
    urgency,
    delayed,
    unknownSkus,
    risk,
    formulaRisk,
    calibrated: fitted !== null,
    atRisk: risk >= params.riskThreshold,
  };
}

function fittedProbability(
  params: OrderFulfilmentParameters,
  shortageRatio: number,
  urgency: number,
): number | null {
  const coefficients = params.fittedCoefficients;
  if (!coefficients || coefficients.length !== FULFILMENT_FEATURES.length + 1) return null;
  return probability(coefficients, [shortageRatio, urgency]);
}
