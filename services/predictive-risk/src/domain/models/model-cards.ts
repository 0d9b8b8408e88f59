// The model card of each model (what it is for, what it reads, what it assumes and where it stops
// being right) and the lifecycle a version goes through. The per-version parts of a card (training
// window, validation) are recorded when a version is registered (app/model-lifecycle.service.ts).
import { type ModelId, ModelIds } from './model-catalog';

export const ModelStatuses = {
  Candidate: 'candidate',
  Shadow: 'shadow',
  Champion: 'champion',
  Retired: 'retired',
} as const;
export type ModelStatus = (typeof ModelStatuses)[keyof typeof ModelStatuses];

export interface ModelCardText {
  readonly purpose: string;
  readonly inputs: readonly string[];
  readonly assumptions: readonly string[];
  readonly limitations: readonly string[];
}

const FORMULA =
  'A hand-weighted formula, not fitted to outcomes: its risk is a score, not a calibrated probability.';
const FITTED_TAKES_OVER =
  'Once a logistic regression fitted on the older 70% of the last RISK_OUTCOME_WINDOW recorded outcomes ' +
  '(at least RISK_OUTCOME_MIN_SAMPLES) scores a Brier no worse than the formula on the newest 30%, it takes ' +
  'over as a new version (the fitted coefficients are among its parameters) once promoted: it proposes its own ' +
  'promotion (planning.promote-model-version), which policy decides by the model\'s risk tier (a low-risk ' +
  'model\'s fit that beat the formula promotes itself; others wait for governance). Then its calibrated ' +
  'probability is the risk and the confidence of the proposals. Until then the formula runs. ' +
  'The card shows which is in use (calibration.inUse), the Brier scores, the reliability tables and why.';
const FULFILMENT_OUTCOMES =
  'Each order judged at placement is held against its outcome (late: a shipment reported delayed; on time: ' +
  'delivered without). A reported delay is observed, not predicted: it weighs the same either way.';
const CREDIT_OUTCOMES =
  "Each exposure update is held against the same customer's next RISK_CREDIT_OUTCOME_HORIZON_UPDATES updates: " +
  'seriously past due (more than RISK_CREDIT_SERIOUS_DAYS_PAST_DUE days) in one of them or not. No default or ' +
  'write-off reaches the service. The fit is on exposure updates; an order is judged with its amount added, a ' +
  'utilisation the fit has seen less of.';

export const MODEL_CARDS: Record<ModelId, ModelCardText> = {
  [ModelIds.DemandSensing]: {
    purpose:
      'One-day-ahead daily demand per SKU@location and its error variance, for reorder points and safety stock.',
    inputs: ['inventory.demand-recorded.v1 records, added up per calendar day'],
    assumptions: [
      'Additive Holt-Winters: demand = level + trend + a weekly (7-day) seasonal index + noise.',
      'Silent days up to RISK_DEMAND_MAX_GAP_DAYS are zero demand; a longer silence is a feed gap.',
      'The one-step error variance stands for the daily demand variance over the lead time.',
    ],
    limitations: [
      'Needs a full first week before it models the season; until then it is simple smoothing.',
      'Promotions, holidays and seasons longer than a week are not modelled.',
      'Fitted online: each SKU@location state carries on across versions of the same code.',
    ],
  },
  [ModelIds.StockoutRisk]: {
    purpose: 'Safety stock, reorder point, order-up-to level and P(stockout) per SKU@location.',
    inputs: ['demand-sensing level and variance', 'stock position', 'supplier lead time and its variance'],
    assumptions: ['Demand over the lead time is normal: N(L*mu, L*V + mu^2*var(L)).'],
    limitations: [
      'Not fitted: a closed-form policy driven by RISK_SERVICE_LEVEL.',
      'Normality understates lumpy, intermittent demand.',
    ],
  },
  [ModelIds.SupplierLeadTime]: {
    purpose: 'Mean and variance of delivery lateness per supplier and SKU, and P(next delivery late).',
    inputs: ['procurement.supplier-delivery-recorded.v1: received against promised date'],
    assumptions: ['Lateness is normal with the running (Welford) mean and variance.'],
    limitations: ['Fewer than RISK_LEAD_TIME_MIN_SAMPLES deliveries: the quoted lead time is used as it is.'],
  },
  [ModelIds.OrderFulfilment]: {
    purpose: 'Risk that a sales order is not fulfilled on time, to reprioritise it.',
    inputs: [
      'shortage ratio against available-to-promise',
      'days to the requested ship date',
      'delayed shipment',
    ],
    assumptions: [
      'Formula: risk = 1 - (1 - shortage*urgency)(1 - w*delayed).',
      'Fitted: risk = 1 - (1 - p)(1 - w*delayed), p = sigma(b0 + b1*shortage + b2*urgency).',
    ],
    limitations: [FORMULA, FITTED_TAKES_OVER, FULFILMENT_OUTCOMES],
  },
  [ModelIds.CreditRisk]: {
    purpose: 'Risk that an order overextends its customer, to place or release a credit hold.',
    inputs: ['utilisation of the credit limit with the order', 'days past due'],
    assumptions: [
      'Formula: risk = 1 - (1 - utilisation risk)(1 - overdue risk), each linear from its warning level.',
      'Fitted: risk = sigma(b0 + b1*min(utilisation, 2) + b2*daysPastDue/30).',
    ],
    limitations: [FORMULA, FITTED_TAKES_OVER, CREDIT_OUTCOMES],
  },
};

/** The path of a version's card on predictive-risk (as the lineage names model id and version). */
export function cardPath(modelId: string, version: string): string {
  return `/models/${encodeURIComponent(modelId)}/versions/${encodeURIComponent(version)}`;
}
