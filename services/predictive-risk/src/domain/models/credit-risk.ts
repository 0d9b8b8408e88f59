// Credit risk of a customer, from two named factors, each in [0, 1]:
// - utilisation risk: 0 up to the warning utilisation (exposure / limit), rising linearly to 1 at
//   the full limit;
// - overdue risk: days past due over the limit of days tolerated, capped at 1.
// risk = 1 - (1 - utilisationRisk) * (1 - overdueRisk). An order is judged on the exposure it
// would bring: a hold when that risk reaches the hold threshold, a release of a held order once
// it falls below the (lower) release threshold, so a customer hovering near one line does not flap.

export interface CreditRiskParameters {
  readonly utilisationWarn: number;
  readonly daysPastDueLimit: number;
  readonly holdThreshold: number;
  readonly releaseThreshold: number;
}

export interface CreditRisk {
  /** exposure / limit, capped at MAX_REPORTED_UTILISATION (a zero limit with exposure is at the cap). */
  readonly utilisation: number;
  readonly utilisationRisk: number;
  readonly overdueRisk: number;
  readonly risk: number;
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
  return { utilisation, utilisationRisk, overdueRisk, risk: 1 - (1 - utilisationRisk) * (1 - overdueRisk) };
}

export function shouldHold(risk: CreditRisk, params: CreditRiskParameters): boolean {
  return risk.risk >= params.holdThreshold;
}

export function shouldRelease(risk: CreditRisk, params: CreditRiskParameters): boolean {
  return risk.risk < params.releaseThreshold;
}
