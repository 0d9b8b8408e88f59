// How well order-fulfilment risk predicts what happened: each order judged at placement (its
// shortage, urgency and the formula's risk) against its outcome (late: a shipment of it was reported
// delayed; on time: delivered without). The formula's Brier score and reliability table on every
// recorded outcome; with at least `minOutcomes`, a logistic regression on the same two factors,
// fitted on the older 70% and scored beside the formula on the newest 30%.
import { brierScore, type ReliabilityBin, reliabilityTable } from '../math/calibration';
import { fitLogistic, predictProbability } from '../math/logistic-regression';

export interface JudgedOutcome {
  readonly shortageRatio: number;
  readonly urgency: number;
  /** The formula's risk when the order was judged. */
  readonly risk: number;
  readonly late: boolean;
}

export interface OutcomeCalibration {
  readonly outcomes: number;
  readonly minOutcomes: number;
  readonly formula: { readonly brier: number | null; readonly reliability: readonly ReliabilityBin[] };
  readonly logistic: {
    /** Intercept, shortage ratio, urgency. */
    readonly coefficients: readonly number[];
    readonly trainedOn: number;
    readonly testedOn: number;
    readonly brier: number | null;
    readonly formulaBrier: number | null;
    readonly reliability: readonly ReliabilityBin[];
  } | null;
  readonly note: string;
}

const HOLDOUT_SHARE = 0.3;

/** `samples` oldest first. */
export function calibrateFulfilment(
  samples: readonly JudgedOutcome[],
  minOutcomes: number,
): OutcomeCalibration {
  const late = samples.map((s) => s.late);
  const formula = {
    brier: brierScore(
      samples.map((s) => s.risk),
      late,
    ),
    reliability: reliabilityTable(
      samples.map((s) => s.risk),
      late,
    ),
  };
  if (samples.length < minOutcomes) {
    return {
      outcomes: samples.length,
      minOutcomes,
      formula,
      logistic: null,
      note: `${samples.length} recorded outcomes, fewer than ${minOutcomes} to fit a model on: the formula stays champion`,
    };
  }
  const cut = Math.max(1, Math.floor(samples.length * (1 - HOLDOUT_SHARE)));
  const train = samples.slice(0, cut);
  const test = samples.slice(cut);
  const model = fitLogistic(
    train.map((s) => [s.shortageRatio, s.urgency]),
    train.map((s) => s.late),
    { ridge: 1e-3 },
  );
  const testLate = test.map((s) => s.late);
  const predicted = test.map((s) => predictProbability(model, [s.shortageRatio, s.urgency]));
  const logistic = {
    coefficients: model.coefficients,
    trainedOn: train.length,
    testedOn: test.length,
    brier: brierScore(predicted, testLate),
    formulaBrier: brierScore(
      test.map((s) => s.risk),
      testLate,
    ),
    reliability: reliabilityTable(predicted, testLate),
  };
  return {
    outcomes: samples.length,
    minOutcomes,
    formula,
    logistic,
    note:
      'a logistic regression is fitted and scored beside the formula; the formula stays champion, ' +
      'since the service does not yet run a fitted order-fulfilment model',
  };
}
