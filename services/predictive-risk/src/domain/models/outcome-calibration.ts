// How well a risk model predicts what happened, and whether a model fitted on recorded outcomes
// should take over from its hand-weighted formula. Each sample is one judgement (its features and
// the formula's risk at the time) against its later outcome. The formula's Brier score and
// reliability table on every recorded outcome; with at least `minOutcomes`, a logistic regression
// on the features, fitted on the older 70% and scored beside the formula on the newest 30%. The
// fit is validated (and may be run: its probability becomes the model's risk) when its held-out
// Brier score is no worse than the formula's on the same outcomes.
import { brierScore, type ReliabilityBin, reliabilityTable } from '../math/calibration';
import { fitLogistic, type LogisticModel, predictProbability } from '../math/logistic-regression';

export interface OutcomeSample {
  readonly features: readonly number[];
  /** The formula's risk when it was judged. */
  readonly formulaRisk: number;
  readonly outcome: boolean;
}

/** Order fulfilment's sample: an order judged at placement, late or on time. */
export interface JudgedOutcome {
  readonly shortageRatio: number;
  readonly urgency: number;
  /** The formula's risk when the order was judged. */
  readonly risk: number;
  readonly late: boolean;
}

export interface LogisticCalibration {
  /** The fitted coefficients: intercept first, then one per feature (`features`). */
  readonly coefficients: readonly number[];
  readonly features: readonly string[];
  readonly trainedOn: number;
  readonly testedOn: number;
  readonly brier: number | null;
  readonly formulaBrier: number | null;
  readonly reliability: readonly ReliabilityBin[];
}

export interface OutcomeCalibration {
  readonly outcomes: number;
  readonly minOutcomes: number;
  /** What the version this calibration is stored on scores with. */
  readonly inUse: 'formula' | 'fitted';
  readonly formula: { readonly brier: number | null; readonly reliability: readonly ReliabilityBin[] };
  readonly logistic: LogisticCalibration | null;
  /** The fitted model in use (inUse 'fitted'): its Brier score and reliability on every recorded outcome. */
  readonly running?: { readonly brier: number | null; readonly reliability: readonly ReliabilityBin[] };
  /** The logistic fit is validated: enough outcomes, held-out Brier no worse than the formula's. */
  readonly validated: boolean;
  readonly note: string;
}

const HOLDOUT_SHARE = 0.3;
/** Coefficients are kept to this many decimals: they are part of a version's parameters. */
const COEFFICIENT_DECIMALS = 6;

/**
 * `samples` oldest first; `running` the coefficients of the fitted model the version in use runs
 * (null: it runs the formula).
 */
export function calibrateOutcomes(
  samples: readonly OutcomeSample[],
  minOutcomes: number,
  features: readonly string[],
  running: readonly number[] | null,
): OutcomeCalibration {
  const outcomes = samples.map((s) => s.outcome);
  const formulaRisks = samples.map((s) => s.formulaRisk);
  const base = {
    outcomes: samples.length,
    minOutcomes,
    inUse: running ? ('fitted' as const) : ('formula' as const),
    formula: {
      brier: brierScore(formulaRisks, outcomes),
      reliability: reliabilityTable(formulaRisks, outcomes),
    },
    ...(running ? { running: scored(running, samples) } : {}),
  };
  const inUse = running
    ? 'a logistic regression fitted on recorded outcomes is in use'
    : 'the formula stays in use';
  if (samples.length < minOutcomes) {
    return {
      ...base,
      logistic: null,
      validated: false,
      note: `${samples.length} recorded outcomes, fewer than ${minOutcomes} to fit a model on: ${inUse}`,
    };
  }
  const cut = Math.max(1, Math.floor(samples.length * (1 - HOLDOUT_SHARE)));
  const train = samples.slice(0, cut);
  const test = samples.slice(cut);
  const model = fitLogistic(
    train.map((s) => s.features),
    train.map((s) => s.outcome),
    { ridge: 1e-3 },
  );
  const coefficients = model.coefficients.map((c) => round(c, COEFFICIENT_DECIMALS));
  const testOutcomes = test.map((s) => s.outcome);
  const predicted = test.map((s) => probability(coefficients, s.features));
  const brier = brierScore(predicted, testOutcomes);
  const formulaBrier = brierScore(
    test.map((s) => s.formulaRisk),
    testOutcomes,
  );
  const validated = model.converged && brier !== null && formulaBrier !== null && brier <= formulaBrier;
  const verdict = validated
    ? `validated: held-out Brier ${brier?.toFixed(4)} no worse than the formula's ${formulaBrier?.toFixed(4)}`
    : `not validated: held-out Brier ${brier?.toFixed(4)} against the formula's ${formulaBrier?.toFixed(4)}` +
      (model.converged ? '' : ' (the fit did not converge)');
  return {
    ...base,
    logistic: {
      coefficients,
      features,
      trainedOn: train.length,
      testedOn: test.length,
      brier,
      formulaBrier,
      reliability: reliabilityTable(predicted, testOutcomes),
    },
    validated,
    note: `a logistic regression on ${features.join(', ')} fitted on the older ${train.length} outcomes, ${verdict}; ${inUse}`,
  };
}

/**
 * The coefficients a version that runs its formula should take over with: the fit's, when it is
 * validated. None for a version that already runs a fitted model (a fit replaces only a formula).
 */
export function fitToRun(calibration: OutcomeCalibration): readonly number[] | null {
  if (calibration.inUse === 'fitted' || !calibration.validated || !calibration.logistic) return null;
  return calibration.logistic.coefficients;
}

/** Order fulfilment's features, in the order its fitted coefficients take them. */
export const FULFILMENT_FEATURES = ['shortageRatio', 'urgency'] as const;

export function fulfilmentSamples(judged: readonly JudgedOutcome[]): OutcomeSample[] {
  return judged.map((j) => ({
    features: [j.shortageRatio, j.urgency],
    formulaRisk: j.risk,
    outcome: j.late,
  }));
}

/** The probability a fitted model (intercept first) gives the features. */
export function probability(coefficients: readonly number[], features: readonly number[]): number {
  const model: LogisticModel = { coefficients, iterations: 0, converged: true };
  return predictProbability(model, features);
}

function scored(
  coefficients: readonly number[],
  samples: readonly OutcomeSample[],
): { brier: number | null; reliability: ReliabilityBin[] } {
  const predicted = samples.map((s) => probability(coefficients, s.features));
  const outcomes = samples.map((s) => s.outcome);
  return { brier: brierScore(predicted, outcomes), reliability: reliabilityTable(predicted, outcomes) };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
