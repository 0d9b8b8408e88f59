// Retraining tied to volatility, for demand sensing (the one model fitted to data), on each model
// health tick: PSI past RISK_REFIT_PSI_THRESHOLD, or the champion's live WAPE above its validated
// WAPE by more than RISK_REFIT_WAPE_MARGIN, starts a refit on the last RISK_REFIT_WINDOW_DAYS of
// recorded history. The refit is registered as a candidate with its backtest against the champion
// on that window; on the next tick a candidate no worse than the champion goes into shadow, where
// every tick scores it on live traffic beside the champion (it proposes nothing for the business).
// Once its shadow run has scored RISK_SHADOW_MIN_FORECASTS live forecasts, the refit proposes its
// own promotion (planning.promote-model-version), which policy decides and execution carries out
// through POST /models/{id}/versions/{v}/promote. A refit that backtests worse, that a newer refit
// supersedes, or whose champion was replaced retires (domain/models/refit-review.ts), audited.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type RetirementReason, RetirementReasons, type ShadowRunV1, Topics } from '@governor/contracts';
import { Outbox } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { compareOnHistory, demandForecasterOf, holtWinters } from '../domain/models/demand-backtest';
import {
  type RecordedSeries,
  recentWindow,
  refitDemandSensing,
  scoreShadow,
  shadowRunReport,
} from '../domain/models/demand-refit';
import { type DemandSensingParameters } from '../domain/models/demand-sensing';
import { forecastAccuracy } from '../domain/models/forecast-accuracy';
import { ModelStatuses } from '../domain/models/model-cards';
import { type ModelCatalog, ModelIds, withParameters } from '../domain/models/model-catalog';
import {
  isWorse,
  type RefitTrigger,
  refitTrigger,
  type Validation,
} from '../domain/models/model-lifecycle';
import { mayRefit, readyToPropose, retirementOf } from '../domain/models/refit-review';
import { promotionDraft } from '../domain/proposals/model-promotion';
import { proposalEvent } from '../domain/proposals/proposal';
import { ModelRegistryRepository, type VersionRecord } from '../infra/model-registry.repository';
import { type PredictiveRiskConfig, riskTierOf } from '../config';
import { BACKTEST_FIRST_ORIGIN } from './model-lifecycle.service';
import { retireVersion } from './model-retirement';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class ModelRetrainingService {
  private readonly log = new Logger('ModelRetraining');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(ModelRegistryRepository) private readonly registry: ModelRegistryRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /**
   * One tick of demand sensing's lifecycle, given its latest PSI; answers the shadow runs it scored
   * in this tick, for the model health report.
   */
  async review(manager: EntityManager, psi: number | null): Promise<ShadowRunV1[]> {
    const champion = await this.registry.champion(manager, ModelIds.DemandSensing);
    if (!champion) return [];
    const waiting = (
      await this.registry.withStatus(manager, [ModelStatuses.Candidate, ModelStatuses.Shadow])
    ).filter((v) => v.modelId === ModelIds.DemandSensing);
    // A refit that did worse, or was validated against a champion since replaced, retires.
    const pending: VersionRecord[] = [];
    for (const version of waiting) {
      const reason = retirementOf(version, champion.version);
      if (reason) await this.retire(manager, version, reason, null);
      else pending.push(version);
    }
    // The recorded history is read only when a shadow is scored or a refit runs.
    let history: RecordedSeries[] | undefined;
    const recorded = async () => (history ??= await this.registry.demandHistory(manager));
    const shadows: ShadowRunV1[] = [];
    for (const version of pending) {
      let since = version.status === ModelStatuses.Shadow ? version.statusChangedAt : null;
      if (since === null && this.canShadow(version, champion)) {
        await this.registry.setStatus(
          manager,
          { id: version.modelId, version: version.version },
          ModelStatuses.Shadow,
        );
        this.log.log(`${version.modelId} ${version.version} in shadow beside ${champion.version}`);
        since = new Date().toISOString();
      }
      const forecaster = since === null ? null : demandForecasterOf(version.version, version.parameters);
      if (since !== null && forecaster) {
        const comparison = scoreShadow(await recorded(), forecaster, champion.version, since);
        await this.registry.saveShadow(
          manager,
          { id: version.modelId, version: version.version },
          comparison,
        );
        shadows.push(shadowRunReport(version.version, comparison));
        const scored = { ...version, status: ModelStatuses.Shadow, shadow: comparison };
        if (readyToPropose(scored, champion.version, this.config.lifecycle.shadowMinForecasts)) {
          await this.proposePromotion(manager, scored, champion);
        }
      }
    }
    // One refit at a time, and each window of recorded demand refitted once (refit-review.ts).
    const refits = await this.registry.refitsOf(manager, ModelIds.DemandSensing, champion.version);
    const newestDay = await this.registry.newestDemandDay(manager);
    if (!mayRefit(refits, newestDay, new Date(), this.config.lifecycle.promotionWaitSeconds * 1000)) return shadows;
    const trigger = await this.trigger(manager, champion, psi);
    if (!trigger) return shadows;
    const candidate = await this.refit(manager, champion, await recorded(), trigger);
    if (!candidate) return shadows;
    // A newer refit supersedes the ones of this champion left waiting in shadow.
    for (const older of refits) {
      if (older.version !== candidate && older.status === ModelStatuses.Shadow) {
        await this.retire(manager, older, RetirementReasons.Superseded, candidate);
      }
    }
    return shadows;
  }

  /** The refit proposes its own promotion, once; policy decides it (docs/contract.md section 7). */
  private async proposePromotion(
    manager: EntityManager,
    refit: VersionRecord,
    champion: VersionRecord,
  ): Promise<void> {
    const draft = promotionDraft(
      { id: refit.modelId, riskTier: riskTierOf(this.config.lifecycle, refit.modelId) },
      refit,
      champion.version,
    );
    const event = proposalEvent(draft, new Date().toISOString());
    await this.outbox.enqueue(manager, [{ topic: Topics.ActionsProposedV1, event }]);
    await this.registry.saveProposal(
      manager,
      { id: refit.modelId, version: refit.version },
      {
        actionId: event.data.actionId,
        proposedAt: event.data.proposedAt,
        beatsChampion: draft.parameters.beatsChampion,
      },
    );
    this.log.log(`${refit.modelId} ${refit.version}: promotion proposed (${event.data.actionId})`);
  }

  private async retire(
    manager: EntityManager,
    version: VersionRecord,
    reason: RetirementReason,
    supersededBy: string | null,
  ): Promise<void> {
    await retireVersion({ registry: this.registry, outbox: this.outbox }, manager, version, reason, supersededBy);
    this.log.log(`${version.modelId} ${version.version} retired (${reason})`);
  }

  private canShadow(version: VersionRecord, champion: VersionRecord): boolean {
    return (
      version.status === ModelStatuses.Candidate &&
      version.validation?.comparedWith === champion.version &&
      version.validation.trigger !== undefined &&
      !isWorse(version.validation)
    );
  }

  private async trigger(
    manager: EntityManager,
    champion: VersionRecord,
    psi: number | null,
  ): Promise<RefitTrigger | undefined> {
    const settings = this.config.lifecycle;
    const recent = await this.registry.recentResolvedForecasts(
      manager,
      champion.version,
      this.config.drift.biasWindow,
    );
    const liveWape = forecastAccuracy(recent.map((r) => ({ key: '', ...r }))).wape;
    const validatedWape = champion.validation?.backtest?.candidate.wape ?? null;
    return refitTrigger({ psi, liveWape, validatedWape }, Date.now() - Date.parse(champion.statusChangedAt), {
      psiThreshold: settings.refitPsiThreshold,
      wapeMargin: settings.refitWapeMargin,
      cooldownMs: settings.refitCooldownSeconds * 1000,
    });
  }

  private async refit(
    manager: EntityManager,
    champion: VersionRecord,
    history: readonly RecordedSeries[],
    trigger: RefitTrigger,
  ): Promise<string | undefined> {
    const running = this.catalog.demandSensing;
    const championForecaster = demandForecasterOf(champion.version, champion.parameters);
    const window = recentWindow(history, this.config.lifecycle.refitWindowDays);
    const base: DemandSensingParameters = { ...running.parameters };
    const fitted = refitDemandSensing(window, base, BACKTEST_FIRST_ORIGIN);
    if (!fitted || !championForecaster) return undefined;
    const candidate = withParameters(running, fitted.parameters);
    // The same weights as the champion, or as a refit registered before: nothing new.
    if (await this.registry.version(manager, candidate.id, candidate.version)) return undefined;
    const dates = window.flatMap((s) => [s.days[0].date, s.days[s.days.length - 1].date]).sort();
    const validation: Validation = {
      method: 'rolling-origin backtest',
      comparedWith: champion.version,
      note: `refit on the last ${this.config.lifecycle.refitWindowDays} days of recorded demand (${trigger.reason})`,
      backtest: {
        ...compareOnHistory(
          window,
          holtWinters(fitted.parameters),
          championForecaster,
          BACKTEST_FIRST_ORIGIN,
        ),
        firstOrigin: BACKTEST_FIRST_ORIGIN,
      },
      history: { series: window.length, from: dates[0] ?? null, to: dates[dates.length - 1] ?? null },
      trigger,
    };
    await this.registry.registerCandidate(manager, candidate, validation);
    this.log.log(`refit of ${candidate.id} (${trigger.reason}): candidate ${candidate.version}`);
    return candidate.version;
  }
}
