// Credit risk of a customer, from two named factors, each in [0, 1]:
// - utilisation risk: 0 up to the warning utilisation (exposure / limit), rising linearly to 1 at
//   the full limit;
// - overdue risk: days past due over the limit of days tolerated, capped at 1.
// risk = 1 - (1 - utilisationRisk) * (1 - overdueRisk). An order is judged on the exposure it
// would bring: a hold when that risk reaches the hold threshold, a release of a held order once
// it falls below the (lower) release threshold, so a customer hovering near one line does not flap.
// Once a logistic regression fitted on recorded outcomes (credit-outcomes.ts: seriously past due
// within the next updates) is validated, its calibrated probability on the same utilisation and days
// past due is the risk instead of the formula's.
import { probability } from './outcome-calibration';

export interface CreditRiskParameters {
  readonly utilisationWarn: number;
  readonly daysPastDueLimit: number;
  readonly holdThreshold: number;
  readonly releaseThreshold: number;
  /**
   * The fitted model this version runs, intercept first then one coefficient per CREDIT_FEATURES;
   * absent: the formula. Part of the parameters, so a fit is its own version.
   */
  readonly fittedCoefficients?: readonly number[];
}

/** The fitted model's features, in the order of its coefficients (creditFeatures computes them). */
export const CREDIT_FEATURES = ['utilisation (capped at 2)', 'daysPastDue / 30'] as const;

export function creditFeatures(utilisation: number, daysPastDue: number): number[] {
  return [Math.min(2, utilisation), daysPastDue / 30];
}

export interface CreditRisk {
  /** exposure / limit, capped at MAX_REPORTED_UTILISATION (a zero limit with exposure is at the cap). */
  readonly utilisation: number;
  readonly utilisationRisk: number;
  readonly overdueRisk: number;
  /** The risk the version runs: the fitted probability when it has one, else the formula's. */
  readonly risk: number;
  readonly formulaRisk: number;
  readonly calibrated: boolean;
}

/** Utilisation reported at most 1000%: beyond, the number says nothing more and must stay finite. */
export const MAX_REPORTED_UTILISATION = 10;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function creditRisk(
  creditLimit: number,
  exposure: number,
  daysPastDue: number,
  params: CreditRiskParameters,
): CreditRisk {
  const utilisation =
    creditLimit > 0
      ? Math.min(MAX_REPORTED_UTILISATION, exposure / creditLimit)
      : exposure > 0
        ? MAX_REPORTED_UTILISATION
        : 0;
  const utilisationRisk =
    params.utilisationWarn >= 1
      ? utilisation >= 1
        ? 1
        : 0
      : clamp01((utilisation - params.utilisationWarn) / (1 - params.utilisationWarn));
  const overdueRisk =
    params.daysPastDueLimit <= 0 ? (daysPastDue > 0 ? 1 : 0) : clamp01(daysPastDue / params.daysPastDueLimit);
  const formulaRisk = 1 - (1 - utilisationRisk) * (1 - overdueRisk);
  const coefficients = params.fittedCoefficients;
  const fitted =
    coefficients && coefficients.length === CREDIT_FEATURES.length + 1
      ? probability(coefficients, creditFeatures(utilisation, daysPastDue))
      : null;
  return {
    utilisation,
    utilisationRisk,
    overdueRisk,
    risk: fitted ?? formulaRisk,
    formulaRisk,
    calibrated: fitted !== null,
  };
}

export function shouldHold(risk: CreditRisk, params: CreditRiskParameters): boolean {
  return risk.risk >= params.holdThreshold;
}

export function shouldRelease(risk: CreditRisk, params: CreditRiskParameters): boolean {
  return risk.risk < params.releaseThreshold;
}
