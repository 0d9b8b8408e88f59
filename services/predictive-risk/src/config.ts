// The predictive-risk service's configuration, read once at start-up; a bad value stops the
// process naming the variable. Model parameters live here so that each one is part of its model's
// registered version (see domain/models/model-catalog.ts).
import { type CommonConfig, loadConfigOrExit, readCommonConfig, readGroupId } from '@governor/config';
import { ModelIds, type ModelSettings } from './domain/models/model-catalog';
import { MODEL_RISK_TIER_VALUES, type ModelRiskTier } from '@governor/contracts';

export const SERVICE_NAME = 'predictive-risk';
export const DEFAULT_PORT = 3002;

export interface DriftSettings {
  /** Observations of an input that make its reference window (the first ones after registration). */
  readonly referenceSize: number;
  /** The most recent observations compared with the reference. */
  readonly recentSize: number;
  /** Fewer recent observations than this: PSI is not reported (null). */
  readonly minRecentSize: number;
  readonly bins: number;
  readonly epsilon: number;
  /** Forecasts with actuals that the bias is averaged over (the most recent). */
  readonly biasWindow: number;
}

export interface LifecycleSettings {
  /** Days of recorded daily demand kept for backtests, before the newest recorded day. */
  readonly demandHistoryDays: number;
  /** Who answers for the models (their cards' owner). */
  readonly owner: string;
  /** Deploys a version that backtests worse than its champion anyway; recorded with its promotion. */
  readonly acceptWorseReason: string | undefined;
  /** Demand sensing's PSI above this starts a refit. */
  readonly refitPsiThreshold: number;
  /** The champion's live WAPE above its validated WAPE by more than this starts a refit. */
  readonly refitWapeMargin: number;
  /** The recent window a refit is fitted and validated on, in days. */
  readonly refitWindowDays: number;
  /** No refit sooner than a champion has run this long. */
  readonly refitCooldownSeconds: number;
  /** A refit in shadow is proposed for promotion once it has scored this many live forecasts. */
  readonly shadowMinForecasts: number;
  /** How long a proposed promotion may wait for its decision before a newer refit supersedes it. */
  readonly promotionWaitSeconds: number;
  /** Demand sensing's risk tier, which the promotion of its refits carries to policy. */
  readonly demandRiskTier: ModelRiskTier;
  /** Order fulfilment's and credit risk's tiers, which the promotion of their fitted models carries to policy. */
  readonly fulfilmentRiskTier: ModelRiskTier;
  readonly creditRiskTier: ModelRiskTier;
  /** Order fulfilment and credit risk: recorded outcomes needed to fit a logistic regression beside the formula. */
  readonly outcomeMinSamples: number;
  /** Order fulfilment and credit risk: the most recent recorded outcomes calibration is measured on. */
  readonly outcomeWindow: number;
  /** Credit risk's outcome: seriously past due in one of the customer's next this many exposure updates. */
  readonly creditOutcomeHorizonUpdates: number;
  /** Credit risk's outcome: days past due above this is seriously past due. */
  readonly creditSeriousDaysPastDue: number;
}

/** A model's risk tier, which its promotions carry to policy; high for a model without one. */
export function riskTierOf(lifecycle: LifecycleSettings, modelId: string): ModelRiskTier {
  if (modelId === ModelIds.DemandSensing) return lifecycle.demandRiskTier;
  if (modelId === ModelIds.OrderFulfilment) return lifecycle.fulfilmentRiskTier;
  if (modelId === ModelIds.CreditRisk) return lifecycle.creditRiskTier;
  return 'high';
}

export interface PredictiveRiskConfig extends CommonConfig {
  readonly schema: string;
  readonly groupId: string;
  /** Inputs scored below this are used by no model; a planner is told instead. */
  readonly qualityFloor: number;
  /** How long an open need suppresses a repeat proposal. */
  readonly proposalCooldownSeconds: number;
  readonly modelHealthIntervalSeconds: number;
  readonly models: ModelSettings;
  readonly drift: DriftSettings;
  readonly lifecycle: LifecycleSettings;
}

export function loadConfig(): PredictiveRiskConfig {
  return loadConfigOrExit((r) => {
    const unit = { min: 0, max: 1 };
    const config: PredictiveRiskConfig = {
      ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
      schema: r.string('PREDICTIVE_RISK_DB_SCHEMA', { default: 'predictive_risk' }),
      groupId: readGroupId(r, SERVICE_NAME),
      qualityFloor: r.number('RISK_QUALITY_FLOOR', { default: 0.6, ...unit }),
      proposalCooldownSeconds: r.int('RISK_PROPOSAL_COOLDOWN_SECONDS', { default: 86_400, min: 0 }),
      modelHealthIntervalSeconds: r.number('RISK_MODEL_HEALTH_INTERVAL_SECONDS', { default: 60, min: 0.1 }),
      models: {
        demandSensing: {
          alpha: r.number('RISK_DEMAND_ALPHA', { default: 0.3, min: 0.01, max: 1 }),
          beta: r.number('RISK_DEMAND_BETA', { default: 0.01, min: 0, max: 0.99 }),
          gamma: r.number('RISK_DEMAND_GAMMA', { default: 0.2, min: 0, max: 0.99 }),
          maxGapDays: r.int('RISK_DEMAND_MAX_GAP_DAYS', { default: 28, min: 0 }),
        },
        stockoutRisk: {
          serviceLevel: r.number('RISK_SERVICE_LEVEL', { default: 0.95, min: 0.5, max: 0.9999 }),
          reviewPeriodDays: r.number('RISK_REVIEW_PERIOD_DAYS', { default: 7, min: 0 }),
          minHistoryDays: r.int('RISK_MIN_HISTORY_DAYS', { default: 14, min: 0 }),
        },
        supplierLeadTime: {
          lateToleranceDays: r.number('RISK_LATE_TOLERANCE_DAYS', { default: 1, min: 0 }),
          minSamples: r.int('RISK_LEAD_TIME_MIN_SAMPLES', { default: 3, min: 1 }),
          expediteThreshold: r.number('RISK_EXPEDITE_THRESHOLD', { default: 0.5, ...unit }),
        },
        orderFulfilment: {
          horizonDays: r.number('RISK_FULFILMENT_HORIZON_DAYS', { default: 7, min: 0.1 }),
          delayWeight: r.number('RISK_FULFILMENT_DELAY_WEIGHT', { default: 0.8, ...unit }),
          riskThreshold: r.number('RISK_FULFILMENT_THRESHOLD', { default: 0.5, ...unit }),
        },
        creditRisk: {
          utilisationWarn: r.number('RISK_CREDIT_UTILISATION_WARN', { default: 0.8, ...unit }),
          daysPastDueLimit: r.number('RISK_CREDIT_DAYS_PAST_DUE_LIMIT', { default: 60, min: 0 }),
          holdThreshold: r.number('RISK_CREDIT_HOLD_THRESHOLD', { default: 0.7, ...unit }),
          releaseThreshold: r.number('RISK_CREDIT_RELEASE_THRESHOLD', { default: 0.4, ...unit }),
        },
      },
      drift: {
        referenceSize: r.int('RISK_PSI_REFERENCE_SIZE', { default: 500, min: 2 }),
        recentSize: r.int('RISK_PSI_RECENT_SIZE', { default: 500, min: 1 }),
        minRecentSize: r.int('RISK_PSI_MIN_RECENT_SIZE', { default: 50, min: 1 }),
        bins: r.int('RISK_PSI_BINS', { default: 10, min: 2, max: 100 }),
        epsilon: r.number('RISK_PSI_EPSILON', { default: 0.0001, min: 1e-9, max: 0.1 }),
        biasWindow: r.int('RISK_BIAS_WINDOW', { default: 500, min: 1 }),
      },
      lifecycle: {
        demandHistoryDays: r.int('RISK_DEMAND_HISTORY_DAYS', { default: 120, min: 14 }),
        owner: r.string('RISK_MODEL_OWNER', { default: 'planning-analytics' }),
        acceptWorseReason: r.optionalString('RISK_MODEL_ACCEPT_WORSE_REASON'),
        refitPsiThreshold: r.number('RISK_REFIT_PSI_THRESHOLD', { default: 0.25, min: 0 }),
        refitWapeMargin: r.number('RISK_REFIT_WAPE_MARGIN', { default: 0.1, min: 0 }),
        refitWindowDays: r.int('RISK_REFIT_WINDOW_DAYS', { default: 56, min: 21 }),
        refitCooldownSeconds: r.number('RISK_REFIT_COOLDOWN_SECONDS', { default: 3600, min: 0 }),
        shadowMinForecasts: r.int('RISK_SHADOW_MIN_FORECASTS', { default: 100, min: 1 }),
        // As long as an approval task lives by default (policy-enforcement's APPROVAL_EXPIRE_AFTER_SECONDS).
        promotionWaitSeconds: r.number('RISK_PROMOTION_WAIT_SECONDS', { default: 86_400, min: 0 }),
        demandRiskTier: r.oneOf('RISK_DEMAND_RISK_TIER', MODEL_RISK_TIER_VALUES, { default: 'low' }),
        // Reprioritising an order is reversible; holding a customer's order is felt by the customer.
        fulfilmentRiskTier: r.oneOf('RISK_FULFILMENT_RISK_TIER', MODEL_RISK_TIER_VALUES, { default: 'low' }),
        creditRiskTier: r.oneOf('RISK_CREDIT_RISK_TIER', MODEL_RISK_TIER_VALUES, { default: 'medium' }),
        outcomeMinSamples: r.int('RISK_OUTCOME_MIN_SAMPLES', { default: 200, min: 4 }),
        outcomeWindow: r.int('RISK_OUTCOME_WINDOW', { default: 5000, min: 4 }),
        creditOutcomeHorizonUpdates: r.int('RISK_CREDIT_OUTCOME_HORIZON_UPDATES', { default: 3, min: 1 }),
        creditSeriousDaysPastDue: r.number('RISK_CREDIT_SERIOUS_DAYS_PAST_DUE', { default: 30, min: 0 }),
      },
    };
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema)) {
      r.problem('PREDICTIVE_RISK_DB_SCHEMA', 'use lower-case letters, digits and _ (a Postgres schema name)');
    }
    if (config.drift.minRecentSize > config.drift.recentSize) {
      r.problem('RISK_PSI_MIN_RECENT_SIZE', 'must not exceed RISK_PSI_RECENT_SIZE, or PSI is never reported');
    }
    if (config.lifecycle.refitWindowDays > config.lifecycle.demandHistoryDays) {
      r.problem(
        'RISK_REFIT_WINDOW_DAYS',
        'must not exceed RISK_DEMAND_HISTORY_DAYS: a refit needs the days it is fitted on',
      );
    }
    const demand = config.models.demandSensing;
    if (demand.gamma > 1 - demand.alpha) {
      r.problem(
        'RISK_DEMAND_GAMMA',
        'must not exceed 1 - RISK_DEMAND_ALPHA, or the seasonal index never settles',
      );
    }
    const credit = config.models.creditRisk;
    if (credit.releaseThreshold > credit.holdThreshold) {
      r.problem('RISK_CREDIT_RELEASE_THRESHOLD', 'must not exceed RISK_CREDIT_HOLD_THRESHOLD');
    }
    return config;
  });
}
