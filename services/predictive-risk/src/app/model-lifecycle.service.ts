// The model registry's use cases: registering the configured version of each model at start-up
// (validated against its champion first, domain/models/model-lifecycle.ts), a person promoting a
// registered version, the running catalog following the registry's champions, and the registry as
// GET /models shows it, each version with its model card.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { compareOnHistory, demandForecasterOf, holtWinters } from '../domain/models/demand-backtest';
import { type ForecastAccuracy, forecastAccuracy } from '../domain/models/forecast-accuracy';
import { type OutcomeCalibration } from '../domain/models/outcome-calibration';
import { cardPath, MODEL_CARDS, type ModelCardText, ModelStatuses } from '../domain/models/model-cards';
import {
  adoptVersion,
  allModels,
  type ModelCatalog,
  type ModelDefinition,
  type ModelId,
  ModelIds,
} from '../domain/models/model-catalog';
import {
  approvedBy,
  decidePromotion,
  decideRegistration,
  type Promotion,
  type PromotionApproval,
  promotedEvent,
  type ShadowComparison,
  type Validation,
} from '../domain/models/model-lifecycle';
import { ModelRegistryRepository, type VersionRecord } from '../infra/model-registry.repository';
import { type ModelRiskTier, type SourceDomain, Topics } from '@governor/contracts';
import { Outbox, OutboxRelay } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { type PredictiveRiskConfig, riskTierOf } from '../config';
import { MODEL_CATALOG } from './tokens';

/** Backtests score forecasts from this many days into each series on: both models have started by then. */
export const BACKTEST_FIRST_ORIGIN = 14;

export interface ModelCard extends ModelCardText {
  readonly owner: string;
  readonly trainingWindow: string;
  readonly validation: Validation | null;
  /** Demand sensing (the model refitted): its risk tier, which policy reads to promote a refit. */
  readonly riskTier?: ModelRiskTier;
  /** Demand sensing: the resolved one-day-ahead forecasts this version made, scored. */
  readonly liveAccuracy?: ForecastAccuracy;
  /** Order fulfilment and credit risk: against recorded outcomes (Brier, reliability, a logistic fit, which is in use). */
  readonly calibration?: OutcomeCalibration;
}

export interface VersionView extends VersionRecord {
  readonly card: ModelCard;
  /** This view's own path on predictive-risk, as the lineage links to it. */
  readonly cardPath: string;
}

export interface ModelSummary {
  readonly modelId: string;
  readonly domain: string;
  readonly champion: string | null;
  readonly purpose: string;
  readonly versions: readonly {
    readonly version: string;
    readonly status: string;
    readonly statusChangedAt: string;
    readonly cardPath: string;
  }[];
}

export class ModelRegistrationRefused extends Error {}

/** A promotion the registry refuses: 404 or 409 with this code (models.controller.ts). */
export class PromotionRefused extends Error {
  constructor(
    readonly code:
      | 'unknown-model-version'
      | 'already-champion'
      | 'worse-than-champion'
      | 'version-not-runnable'
      | 'champion-changed'
      | 'version-retired',
    message: string,
  ) {
    super(message);
  }
}

@Injectable()
export class ModelLifecycleService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ModelRegistryRepository) private readonly registry: ModelRegistryRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  /**
   * Registers the configured version of every model; a new one that replaces a champion is
   * validated against it first. A version that does worse stays a candidate and stops the process,
   * unless RISK_MODEL_ACCEPT_WORSE_REASON gives a reason to run it anyway. A configured version
   * that was champion and has been replaced since (by a promoted refit) does not come back: the
   * process runs the champion.
   */
  async registerConfigured(): Promise<void> {
    const refused: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.schema}:model-registry`,
      ]);
      const models = allModels(this.catalog);
      const known: (VersionRecord | undefined)[] = [];
      for (const m of models) known.push(await this.registry.version(manager, m.id, m.version));
      await this.registry.register(manager, models);
      for (const [i, model] of models.entries()) {
        const champion = await this.registry.champion(manager, model.id);
        if (champion?.version === model.version) continue;
        const replacedSince = known[i]?.status === ModelStatuses.Retired;
        if (
          replacedSince &&
          champion &&
          adoptVersion(this.catalog, model.id, champion.version, champion.parameters)
        ) {
          continue;
        }
        const validation = await this.validate(manager, model, champion);
        const reason = this.config.lifecycle.acceptWorseReason;
        const decision = decideRegistration(model.version, champion, validation, reason, new Date());
        if (decision.kind === 'promote')
          await this.recordPromotion(manager, model, { validation, shadow: null }, decision.promotion);
        if (decision.kind === 'refuse') {
          await this.registry.keepAsCandidate(manager, model, validation);
          refused.push(decision.message);
        }
      }
    });
    this.relay.wake();
    if (refused.length > 0) {
      throw new ModelRegistrationRefused(
        `${refused.join('; ')}. Set RISK_MODEL_ACCEPT_WORSE_REASON to run it anyway (the reason is recorded with its promotion)`,
      );
    }
  }

  /**
   * A person (role governance) promotes a registered version, or execution carries out an approved
   * promotion (`approval`: recorded as by policy or by its approvers, with the action and decision,
   * and refused when the champion it was validated against is no longer champion); the running
   * catalog adopts it.
   */
  async promote(
    modelId: string,
    version: string,
    caller: string,
    callerReason: string | undefined,
    approval?: PromotionApproval,
  ): Promise<VersionView> {
    const { by, reason } = approval
      ? approvedBy(approval, callerReason)
      : { by: caller, reason: callerReason };
    const parameters = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.schema}:model-registry`,
      ]);
      // The champion's row first, as the model health tick locks them (champion, then its refits):
      // the other order deadlocks with a tick that scores the shadow being promoted.
      const champion = await this.registry.champion(manager, modelId);
      const candidate = await this.registry.version(manager, modelId, version, true);
      if (!candidate)
        throw new PromotionRefused(
          'unknown-model-version',
          `no version ${version} of model ${modelId} is registered`,
        );
      // An approval is stale once its version retired (superseded) or its champion was replaced.
      if (approval && candidate.status === ModelStatuses.Retired) {
        throw new PromotionRefused('version-retired', `${version} was retired since its promotion was proposed`);
      }
      if (approval && champion?.version !== approval.champion && champion?.version !== version) {
        throw new PromotionRefused(
          'champion-changed',
          `${version} was validated against ${approval.champion}, no longer the champion (${champion?.version ?? 'none'})`,
        );
      }
      const decision = decidePromotion(candidate, champion, by, reason, new Date());
      if (decision.kind === 'refuse') throw new PromotionRefused(decision.code, decision.message);
      // Checked on a copy: the running catalog changes only once the promotion is committed.
      if (!adoptVersion({ ...this.catalog }, modelId, version, candidate.parameters)) {
        throw new PromotionRefused(
          'version-not-runnable',
          `${version} is not a version of the code this service runs`,
        );
      }
      const promoted = { id: modelId, version, domain: candidate.domain as SourceDomain };
      await this.recordPromotion(manager, promoted, candidate, decision.promotion);
      return candidate.parameters;
    });
    adoptVersion(this.catalog, modelId, version, parameters);
    this.relay.wake();
    const promoted = await this.version(modelId, version);
    if (!promoted)
      throw new PromotionRefused(
        'unknown-model-version',
        `no version ${version} of model ${modelId} is registered`,
      );
    return promoted;
  }

  /** The promotion in the registry, and its event for the audit chain, in the same transaction. */
  private async recordPromotion(
    manager: EntityManager,
    model: { id: string; version: string; domain: SourceDomain },
    evidence: { validation: Validation | null; shadow: ShadowComparison | null },
    promotion: Promotion,
  ): Promise<void> {
    await this.registry.promote(manager, model, evidence.validation, promotion);
    await this.outbox.enqueue(manager, [
      { topic: Topics.ModelLifecycleV1, event: promotedEvent(model, evidence, promotion) },
    ]);
  }

  /** Runs each model's champion when another instance (or a person) promoted one since. */
  async followChampions(): Promise<void> {
    const champions = await this.registry.withStatus(this.dataSource.manager, [ModelStatuses.Champion]);
    for (const champion of champions) {
      const running = allModels(this.catalog).find((m) => m.id === champion.modelId);
      if (running && running.version !== champion.version) {
        adoptVersion(this.catalog, champion.modelId, champion.version, champion.parameters);
      }
    }
  }

  private async validate(
    manager: EntityManager,
    model: ModelDefinition,
    champion: VersionRecord | undefined,
  ): Promise<Validation> {
    if (!champion) return { method: 'none', comparedWith: null, note: 'the first version of this model' };
    const championForecaster = demandForecasterOf(champion.version, champion.parameters);
    if (model.id !== ModelIds.DemandSensing || !championForecaster) {
      return {
        method: 'none',
        comparedWith: champion.version,
        note: 'not fitted to outcomes: there is nothing recorded to backtest this model on',
      };
    }
    const history = await this.registry.demandHistory(manager);
    const candidate = holtWinters(this.catalog.demandSensing.parameters);
    const comparison = compareOnHistory(history, candidate, championForecaster, BACKTEST_FIRST_ORIGIN);
    const dates = history
      .flatMap((s) => [s.days[0]?.date, s.days[s.days.length - 1]?.date])
      .filter(Boolean)
      .sort();
    return {
      method: 'rolling-origin backtest',
      comparedWith: champion.version,
      note: `one-day-ahead forecasts of every recorded SKU@location from day ${BACKTEST_FIRST_ORIGIN + 1} of its history on`,
      backtest: { ...comparison, firstOrigin: BACKTEST_FIRST_ORIGIN },
      history: { series: history.length, from: dates[0] ?? null, to: dates[dates.length - 1] ?? null },
    };
  }

  async list(after: string | undefined, limit: number): Promise<ModelSummary[]> {
    const models = await this.registry.models(this.dataSource.manager, after, limit);
    return models.map(({ modelId, versions }) => ({
      modelId,
      domain: versions[0].domain,
      champion: versions.find((v) => v.status === ModelStatuses.Champion)?.version ?? null,
      purpose: cardText(modelId).purpose,
      versions: versions.map((v) => ({
        version: v.version,
        status: v.status,
        statusChangedAt: v.statusChangedAt,
        cardPath: cardPath(v.modelId, v.version),
      })),
    }));
  }

  /** The model with every version and its card, newest first; undefined for an unknown model. */
  async model(
    modelId: string,
  ): Promise<(Omit<ModelSummary, 'versions'> & { versions: VersionView[] }) | undefined> {
    const [found] = await this.registry.models(this.dataSource.manager, undefined, 1, modelId);
    if (!found) return undefined;
    const versions = await Promise.all(found.versions.map((v) => this.view(v)));
    return {
      modelId,
      domain: found.versions[0].domain,
      champion: found.versions.find((v) => v.status === ModelStatuses.Champion)?.version ?? null,
      purpose: cardText(modelId).purpose,
      versions,
    };
  }

  async version(modelId: string, version: string): Promise<VersionView | undefined> {
    const found = await this.registry.version(this.dataSource.manager, modelId, version);
    return found && this.view(found);
  }

  private async view(v: VersionRecord): Promise<VersionView> {
    const demand = v.modelId === ModelIds.DemandSensing;
    const card: ModelCard = {
      ...cardText(v.modelId),
      owner: this.config.lifecycle.owner,
      trainingWindow: demand
        ? "online: each SKU@location's daily demand from its first record on"
        : v.calibration?.inUse === 'fitted'
          ? 'the older 70% of the recorded outcomes it was validated on (validation.note)'
          : 'none: a formula whose parameters are configuration',
      validation: v.validation,
      riskTier: riskTierOf(this.config.lifecycle, v.modelId),
      ...(demand
        ? {
            liveAccuracy: forecastAccuracy(
              await this.registry.resolvedForecasts(this.dataSource.manager, v.version),
            ),
          }
        : {}),
      ...(v.calibration ? { calibration: v.calibration } : {}),
    };
    return { ...v, card, cardPath: cardPath(v.modelId, v.version) };
  }
}

function cardText(modelId: string): ModelCardText {
  return (
    MODEL_CARDS[modelId as ModelId] ?? {
      purpose: 'no longer run by this service',
      inputs: [],
      assumptions: [],
      limitations: [],
    }
  );
}
