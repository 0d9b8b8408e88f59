// Order fulfilment and credit risk held against what happened, on each model health tick: each
// champion's calibration on its recorded outcomes (Brier score, reliability table, a logistic
// regression scored beside the formula on held-out outcomes) is kept on its registry row and shown
// on its card. While a champion runs its formula and the fit is validated (enough outcomes, held-out
// Brier no worse than the formula's), the fit takes over: a new version (the formula's parameters
// plus the fitted coefficients) is registered, promoted in the registry and published like any
// promotion (risk.model-promoted.v1, for the audit chain), and the running catalog adopts it once
// the tick commits (ModelLifecycleService.followChampions). Its calibrated probability is then the
// risk the proposals carry, and their lineage names the new version.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { Topics } from '@governor/contracts';
import { Outbox } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { CREDIT_FEATURES } from '../domain/models/credit-risk';
import { creditOutcomes } from '../domain/models/credit-outcomes';
import { type ModelCatalog, type ModelDefinition, withParameters } from '../domain/models/model-catalog';
import { type Promotion, promotedEvent, type Validation } from '../domain/models/model-lifecycle';
import {
  calibrateOutcomes,
  fitToRun,
  FULFILMENT_FEATURES,
  fulfilmentSamples,
  type OutcomeSample,
} from '../domain/models/outcome-calibration';
import { CreditHistoryRepository } from '../infra/credit-history.repository';
import { ModelRegistryRepository } from '../infra/model-registry.repository';
import { type PredictiveRiskConfig } from '../config';
import { MODEL_CATALOG } from './tokens';

/** Who the registry and the audit chain name for a fit that took over because it validated. */
export const OUTCOME_VALIDATION = 'outcome-validation';

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

  /** One tick, in the health tick's transaction. True when a fitted model took over a champion. */
  async review(manager: EntityManager): Promise<boolean> {
    const settings = this.config.lifecycle;
    const fulfilment = fulfilmentSamples(await this.registry.judgedOutcomes(manager, settings.outcomeWindow));
    // Each customer's newest judgements have no outcome yet: twice the window leaves room for them.
    const kept = 2 * settings.outcomeWindow;
    const credit = creditOutcomes(await this.creditHistory.recent(manager, kept), {
      horizonUpdates: settings.creditOutcomeHorizonUpdates,
      seriousDaysPastDue: settings.creditSeriousDaysPastDue,
    }).slice(-settings.outcomeWindow);
    await this.creditHistory.prune(manager, kept);
    const fulfilmentTookOver = await this.calibrate(
      manager,
      this.catalog.orderFulfilment,
      fulfilment,
      FULFILMENT_FEATURES,
    );
    const creditTookOver = await this.calibrate(manager, this.catalog.creditRisk, credit, CREDIT_FEATURES);
    return fulfilmentTookOver || creditTookOver;
  }

  private async calibrate<P extends FittableParameters>(
    manager: EntityManager,
    running: ModelDefinition<P>,
    samples: readonly OutcomeSample[],
    features: readonly string[],
  ): Promise<boolean> {
    const champion = await this.registry.champion(manager, running.id);
    if (!champion) return false;
    const { outcomeMinSamples } = this.config.lifecycle;
    const inUse = coefficientsOf(champion.parameters);
    const calibration = calibrateOutcomes(samples, outcomeMinSamples, features, inUse);
    const championRef = { id: champion.modelId, version: champion.version };
    await this.registry.saveCalibration(manager, championRef, calibration);
    const coefficients = fitToRun(calibration);
    // The fit extends the version this process runs: the champion, unless another instance just promoted one.
    if (!coefficients || running.version !== champion.version) return false;
    const fitted = withParameters(running, { ...running.parameters, fittedCoefficients: coefficients });
    const validation: Validation = {
      method: 'held-out outcomes',
      comparedWith: champion.version,
      note: calibration.note,
    };
    const promotion: Promotion = {
      by: OUTCOME_VALIDATION,
      at: new Date().toISOString(),
      replaced: champion.version,
      worseThanChampion: false,
      reason: null,
    };
    await this.registry.registerCandidate(manager, fitted, validation);
    await this.registry.promote(manager, fitted, validation, promotion);
    await this.registry.saveCalibration(
      manager,
      fitted,
      calibrateOutcomes(samples, outcomeMinSamples, features, coefficients),
    );
    await this.outbox.enqueue(manager, [
      {
        topic: Topics.ModelLifecycleV1,
        event: promotedEvent(fitted, { validation, shadow: null }, promotion),
      },
    ]);
    this.log.log(`${fitted.id} ${fitted.version}: a fitted model replaces the formula (${calibration.note})`);
    return true;
  }
}

function coefficientsOf(parameters: Record<string, unknown>): number[] | null {
  const value = parameters.fittedCoefficients;
  return Array.isArray(value) && value.every((c): c is number => typeof c === 'number') ? value : null;
}
