// Credit risk's recorded outcomes, from the feed Governor already reads: each exposure update
// (credit.customer-exposure-updated.v1) is a judgement of its customer (utilisation, days past due,
// the formula's risk), and its outcome is observed later on the same feed: the customer was
// seriously past due (more than `seriousDaysPastDue`) in one of its next `horizonUpdates` updates.
// A judgement is labelled once its `horizonUpdates` later updates have arrived, whatever they say:
// labelling a bad outcome sooner would over-represent bad outcomes among the newest judgements and
// bias the calibration. Until then its outcome is unknown and it is left out.
import { CREDIT_FEATURES, creditFeatures } from './credit-risk';
import { type OutcomeSample } from './outcome-calibration';

export interface CreditJudgement {
  readonly customerId: string;
  readonly utilisation: number;
  readonly daysPastDue: number;
  /** The formula's risk on this update (no order added). */
  readonly formulaRisk: number;
}

export interface CreditOutcomeSettings {
  readonly horizonUpdates: number;
  readonly seriousDaysPastDue: number;
}

export { CREDIT_FEATURES };

/** `history` oldest first (all customers); the samples come in the same order. */
export function creditOutcomes(
  history: readonly CreditJudgement[],
  settings: CreditOutcomeSettings,
): OutcomeSample[] {
  const byCustomer = new Map<string, number[]>();
  history.forEach((h, i) => {
    const indices = byCustomer.get(h.customerId) ?? [];
    indices.push(i);
    byCustomer.set(h.customerId, indices);
  });
  const labels = new Map<number, boolean>();
  for (const indices of byCustomer.values()) {
    indices.forEach((index, k) => {
      const next = indices.slice(k + 1, k + 1 + settings.horizonUpdates);
      if (next.length < settings.horizonUpdates) return;
      labels.set(
        index,
        next.some((j) => history[j].daysPastDue > settings.seriousDaysPastDue),
      );
    });
  }
  const samples: OutcomeSample[] = [];
  history.forEach((h, i) => {
    const outcome = labels.get(i);
    if (outcome === undefined) return;
    samples.push({
      features: creditFeatures(h.utilisation, h.daysPastDue),
      formulaRisk: h.formulaRisk,
      outcome,
    });
  });
  return samples;
}
