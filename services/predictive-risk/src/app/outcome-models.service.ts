// Order fulfilment and credit risk held against what happened, on each model health tick: each
// champion's calibration on its recorded outcomes (Brier score, reliability table, a logistic
// regression scored beside the formula on held-out outcomes) is kept on its registry row and shown
// on its card. While a champion runs its formula and the fit is validated (enough outcomes, held-out
// Brier no worse than the formula's), a new version (the formula's parameters plus the fitted
// coefficients) is registered as a candidate and proposes its own promotion
// (planning.promote-model-version), which policy decides as it decides a refit's: the default bundle
// lets a low-risk model's fit that beat the formula promote itself and sends the others to
// governance; execution promotes it through POST /models/{id}/versions/{v}/promote. Once promoted,
// its calibrated probability is the risk the proposals carry, and their lineage names the version.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type RetirementReason, RetirementReasons, Topics } from '@governor/contracts';
import { Outbox } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { CREDIT_FEATURES } from '../domain/models/credit-risk';
import { creditOutcomes } from '../domain/models/credit-outcomes';
import { type ModelCatalog, type ModelDefinition, withParameters } from '../domain/models/model-catalog';
import { ModelStatuses } from '../domain/models/model-cards';
import { type Validation } from '../domain/models/model-lifecycle';
import {
  calibrateOutcomes,
  fitToRun,
  FULFILMENT_FEATURES,
  fulfilmentSamples,
  type OutcomeSample,
} from '../domain/models/outcome-calibration';
import { CreditHistoryRepository } from '../infra/credit-history.repository';
import { fitPromotionDraft } from '../domain/proposals/model-promotion';
import { proposalEvent } from '../domain/proposals/proposal';
import { ModelRegistryRepository, type VersionRecord } from '../infra/model-registry.repository';
import { type PredictiveRiskConfig, riskTierOf } from '../config';
import { retireVersion } from './model-retirement';
import { MODEL_CATALOG } from './tokens';

/** How a fitted model is validated: against its champion's formula on held-out outcomes. */
const HELD_OUT_OUTCOMES = 'held-out outcomes';

interface FittableParameters {
  readonly fittedCoefficients?: readonly number[];
}

@Injectable()
export class OutcomeModelsService {
  private readonly log = new Logger('OutcomeModels');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(ModelRegistryRepository) private readonly registry: ModelRegistryRepository,
    @Inject(CreditHistoryRepository) private readonly creditHistory: CreditHistoryRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /** One tick, in the health tick's transaction. */
  async review(manager: EntityManager): Promise<void> {
    const settings = this.config.lifecycle;
    const fulfilment = fulfilmentSamples(await this.registry.judgedOutcomes(manager, settings.outcomeWindow));
    // Each customer's newest judgements have no outcome yet: twice the window leaves room for them.
    const kept = 2 * settings.outcomeWindow;
    const credit = creditOutcomes(await this.creditHistory.recent(manager, kept), {
      horizonUpdates: settings.creditOutcomeHorizonUpdates,
      seriousDaysPastDue: settings.creditSeriousDaysPastDue,
    }).slice(-settings.outcomeWindow);
    await this.creditHistory.prune(manager, kept);
    await this.calibrate(manager, this.catalog.orderFulfilment, fulfilment, FULFILMENT_FEATURES);
    await this.calibrate(manager, this.catalog.creditRisk, credit, CREDIT_FEATURES);
  }

  private async calibrate<P extends FittableParameters>(
    manager: EntityManager,
    running: ModelDefinition<P>,
    samples: readonly OutcomeSample[],
    features: readonly string[],
  ): Promise<void> {
    const champion = await this.registry.champion(manager, running.id);
    if (!champion) return;
    const { outcomeMinSamples, promotionWaitSeconds } = this.config.lifecycle;
    const inUse = coefficientsOf(champion.parameters);
    const calibration = calibrateOutcomes(samples, outcomeMinSamples, features, inUse);
    const championRef = { id: champion.modelId, version: champion.version };
    await this.registry.saveCalibration(manager, championRef, calibration);
    // A fit already proposed waits for its decision; one whose champion was replaced, or left
    // undecided past the wait (its task expired or rejected), retires and lets a newer fit propose.
    const proposed = (await this.registry.withStatus(manager, [ModelStatuses.Candidate])).filter(
      (v) => v.modelId === running.id && v.validation?.method === HELD_OUT_OUTCOMES,
    );
    let waiting = false;
    for (const fit of proposed) {
      const lapsed = fit.proposal !== null && Date.parse(fit.proposal.proposedAt) + promotionWaitSeconds * 1000 <= Date.now();
      if (fit.validation?.comparedWith !== champion.version) await this.retire(manager, fit, RetirementReasons.ChampionReplaced);
      else if (lapsed) await this.retire(manager, fit, RetirementReasons.Superseded);
      else waiting = true;
    }
    const coefficients = fitToRun(calibration);
    // The fit extends the version this process runs: the champion, unless another instance just promoted one.
    if (waiting || !coefficients || !calibration.logistic || running.version !== champion.version) return;
    const fitted = withParameters(running, { ...running.parameters, fittedCoefficients: coefficients });
    // The same fit again (no new outcome since it retired): it has had its proposal.
    if (await this.registry.version(manager, fitted.id, fitted.version)) return;
    const validation: Validation = { method: HELD_OUT_OUTCOMES, comparedWith: champion.version, note: calibration.note };
    await this.registry.registerCandidate(manager, fitted, validation);
    await this.registry.saveCalibration(manager, fitted, calibrateOutcomes(samples, outcomeMinSamples, features, coefficients));
    // The fitted version proposes its own promotion; policy decides it (docs/contract.md section 7).
    const draft = fitPromotionDraft(
      { id: fitted.id, version: fitted.version, riskTier: riskTierOf(this.config.lifecycle, fitted.id) },
      champion.version,
      calibration.logistic,
    );
    const event = proposalEvent(draft, new Date().toISOString());
    await this.outbox.enqueue(manager, [{ topic: Topics.ActionsProposedV1, event }]);
    await this.registry.saveProposal(manager, fitted, {
      actionId: event.data.actionId,
      proposedAt: event.data.proposedAt,
      beatsChampion: draft.parameters.beatsChampion,
    });
    this.log.log(`${fitted.id} ${fitted.version}: a fitted model proposes to replace the formula (${calibration.note})`);
  }

  private async retire(manager: EntityManager, fit: VersionRecord, reason: RetirementReason): Promise<void> {
    await retireVersion({ registry: this.registry, outbox: this.outbox }, manager, fit, reason, null);
    this.log.log(`${fit.modelId} ${fit.version} retired (${reason})`);
  }
}

function coefficientsOf(parameters: Record<string, unknown>): number[] | null {
  const value = parameters.fittedCoefficients;
  return Array.isArray(value) && value.every((c): c is number => typeof c === 'number') ? value : null;
}
