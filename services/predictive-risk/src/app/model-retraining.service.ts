// Retraining tied to volatility, for demand sensing (the one model fitted to data), on each model
// health tick: PSI past RISK_REFIT_PSI_THRESHOLD, or the champion's live WAPE above its validated
// WAPE by more than RISK_REFIT_WAPE_MARGIN, starts a refit on the last RISK_REFIT_WINDOW_DAYS of
// recorded history. The refit is registered as a candidate with its backtest against the champion
// on that window; on the next tick a candidate no worse than the champion goes into shadow, where
// every tick scores it on live traffic beside the champion (it proposes nothing). A person promotes
// it (POST /models/{id}/versions/{v}/promote); a worse candidate waits for a person too.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@governor/nest';
import { compareOnHistory, demandForecasterOf, holtWinters } from '../domain/models/demand-backtest';
import {
  type RecordedSeries,
  recentWindow,
  refitDemandSensing,
  scoreShadow,
} from '../domain/models/demand-refit';
import { type DemandSensingParameters } from '../domain/models/demand-sensing';
import { forecastAccuracy } from '../domain/models/forecast-accuracy';
import { ModelStatuses } from '../domain/models/model-cards';
import { type ModelCatalog, ModelIds, withParameters } from '../domain/models/model-catalog';
import { isWorse, type RefitTrigger, refitTrigger, type Validation } from '../domain/models/model-lifecycle';
import { ModelRegistryRepository, type VersionRecord } from '../infra/model-registry.repository';
import { type PredictiveRiskConfig } from '../config';
import { BACKTEST_FIRST_ORIGIN } from './model-lifecycle.service';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class ModelRetrainingService {
  private readonly log = new Logger('ModelRetraining');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(ModelRegistryRepository) private readonly registry: ModelRegistryRepository,
  ) {}

  /** One tick of demand sensing's lifecycle, given its latest PSI. */
  async review(manager: EntityManager, psi: number | null): Promise<void> {
    const champion = await this.registry.champion(manager, ModelIds.DemandSensing);
    if (!champion) return;
    const pending = (
      await this.registry.withStatus(manager, [ModelStatuses.Candidate, ModelStatuses.Shadow])
    ).filter((v) => v.modelId === ModelIds.DemandSensing);
    // The recorded history is read only when a shadow is scored or a refit runs.
    let history: RecordedSeries[] | undefined;
    const recorded = async () => (history ??= await this.registry.demandHistory(manager));
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
      }
    }
    // One refit at a time: none while a refit of this champion waits in candidate or shadow.
    if (pending.some((v) => v.validation?.comparedWith === champion.version && v.validation.trigger)) return;
    const trigger = await this.trigger(manager, champion, psi);
    if (trigger) await this.refit(manager, champion, await recorded(), trigger);
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
  ): Promise<void> {
    const running = this.catalog.demandSensing;
    const championForecaster = demandForecasterOf(champion.version, champion.parameters);
    const window = recentWindow(history, this.config.lifecycle.refitWindowDays);
    const base: DemandSensingParameters = { ...running.parameters };
    const fitted = refitDemandSensing(window, base, BACKTEST_FIRST_ORIGIN);
    if (!fitted || !championForecaster) return;
    const candidate = withParameters(running, fitted.parameters);
    if (candidate.version === champion.version) return;
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
  }
}
