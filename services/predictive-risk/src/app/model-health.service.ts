// Model health on a schedule: registers every model version at start-up (model-lifecycle), then every
// interval, for each model: freezes an input's reference window once it has enough observations,
// computes the PSI of each input's recent window against it, the forecast bias of demand sensing
// against the actuals that arrived since, runs demand sensing's retraining and shadow runs
// (model-retraining), and publishes one ModelHealthReportedV1 per model through the outbox, demand
// sensing's with the shadow runs scored in that tick; then order fulfilment
// and credit risk against their recorded outcomes (outcome-models), and lapsed open
// needs and old demand history are dropped. An advisory lock lets one instance report per tick
// when several run; every instance follows the registry's champions.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { envelope, type ContractEvent, EventTypes, Topics } from '@governor/contracts';
import { classifyError, Outbox, OutboxRelay, PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { allModels, type ModelCatalog, type ModelDefinition } from '../domain/models/model-catalog';
import { buildReference, forecastBias, inputPsi, modelPsi } from '../domain/models/model-drift';
import { PROPOSER_SOURCE, round } from '../domain/proposals/proposal';
import {
  ModelRegistryRepository,
  type ReferenceWindow,
  type StoredInputReference,
} from '../infra/model-registry.repository';
import { StateWriter } from '../infra/state-writer';
import { type PredictiveRiskConfig } from '../config';
import { ModelLifecycleService } from './model-lifecycle.service';
import { ModelRetrainingService } from './model-retraining.service';
import { OutcomeModelsService } from './outcome-models.service';
import { RiskMetrics } from './risk-metrics';
import { MODEL_CATALOG } from './tokens';

type ModelHealthEvent = ContractEvent<typeof EventTypes.ModelHealthReportedV1>;

interface InputHealth {
  psi: number | null;
  referenceSize: number;
  currentSize: number;
}

@Injectable()
export class ModelHealthService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('ModelHealthService');
  private readonly task: PeriodicTask;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(ModelRegistryRepository) private readonly registry: ModelRegistryRepository,
    @Inject(StateWriter) private readonly writer: StateWriter,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
    @Inject(ModelLifecycleService) private readonly lifecycle: ModelLifecycleService,
    @Inject(ModelRetrainingService) private readonly retraining: ModelRetrainingService,
    @Inject(OutcomeModelsService) private readonly outcomeModels: OutcomeModelsService,
  ) {
    this.task = new PeriodicTask(config.modelHealthIntervalSeconds * 1000, () => this.tick());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lifecycle.registerConfigured();
    const models = allModels(this.catalog);
    this.log.log(`models registered: ${models.map((m) => `${m.id}@${m.version}`).join(', ')}`);
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  private async tick(): Promise<void> {
    try {
      // Every instance runs the champions, whichever instance (or person) promoted them.
      await this.lifecycle.followChampions();
      const reports = await this.dataSource.transaction(async (manager) => {
        const [{ locked }]: { locked: boolean }[] = await manager.query(
          'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
          [`${this.config.schema}:model-health`],
        );
        if (!locked) return [];
        const assessed: ModelHealthEvent[] = [];
        for (const model of allModels(this.catalog)) assessed.push(await this.assess(manager, model));
        const demandId = this.catalog.demandSensing.id;
        const demand = assessed.find((e) => e.data.modelId === demandId);
        // Shadows are scored by the review, which needs the report's PSI: demand sensing's report
        // is published after it, with the shadow runs scored in this same tick.
        const shadows = await this.retraining.review(manager, demand?.data.psi ?? null);
        const events = assessed.map((e) =>
          e.data.modelId === demandId ? { ...e, data: { ...e.data, shadows } } : e,
        );
        await this.outbox.enqueue(
          manager,
          events.map((event) => ({ topic: Topics.ModelHealthV1, event })),
        );
        await this.outcomeModels.review(manager);
        await this.registry.pruneDemandHistory(manager, this.config.lifecycle.demandHistoryDays);
        await this.writer.dropLapsedNeeds(
          manager,
          new Date(Date.now() - this.config.proposalCooldownSeconds * 1000),
        );
        return events;
      });
      if (reports.length > 0) this.relay.wake();
    } catch (error) {
      // Transient (database away): the next tick tries again.
      this.log.warn(`model health report failed: ${classifyError(error).message}`);
    }
  }

  private async assess(manager: EntityManager, model: ModelDefinition): Promise<ModelHealthEvent> {
    const window = (await this.registry.referenceWindow(manager, model)) ?? {};
    const inputs: Record<string, StoredInputReference> = { ...(window.inputs ?? {}) };
    const psiByInput: Record<string, number> = {};
    const health: InputHealth[] = [];
    for (const input of model.inputs) {
      const result = await this.assessInput(manager, model, input, inputs);
      if (result.psi !== null) psiByInput[input] = round(result.psi, 6);
      health.push(result);
    }
    if (Object.keys(inputs).length !== Object.keys(window.inputs ?? {}).length) {
      const updated: ReferenceWindow = { kind: 'first-observations', inputs };
      await this.registry.saveReferenceWindow(manager, model, updated);
    }
    const bias =
      model.id === this.catalog.demandSensing.id ? await this.bias(manager, model) : { value: null, size: 0 };
    const psi = modelPsi(psiByInput);
    if (psi !== null) this.metrics.psi.set({ model: model.id }, psi);
    if (bias.value !== null) this.metrics.forecastBias.set({ model: model.id }, bias.value);
    const reportedAt = new Date().toISOString();
    return envelope(EventTypes.ModelHealthReportedV1, {
      source: PROPOSER_SOURCE,
      subject: model.id,
      time: reportedAt,
      data: {
        modelId: model.id,
        modelVersion: model.version,
        domain: model.domain,
        psi: psi === null ? null : round(psi, 6),
        psiByInput,
        forecastBias: bias.value === null ? null : round(bias.value, 6),
        biasSampleSize: bias.size,
        // Sizes are the main (first) input's.
        referenceSize: health[0]?.referenceSize ?? 0,
        currentSize: health[0]?.currentSize ?? 0,
        reportedAt,
        // Only demand sensing runs shadows; its are added once scored (tick).
        shadows: [],
      },
    });
  }

  /** Freezes the input's reference when it can (into `inputs`), then measures its recent window. */
  private async assessInput(
    manager: EntityManager,
    model: ModelDefinition,
    input: string,
    inputs: Record<string, StoredInputReference>,
  ): Promise<InputHealth> {
    const drift = this.config.drift;
    let reference = inputs[input];
    if (!reference) {
      const first = await this.registry.firstObservations(manager, model, input, drift.referenceSize);
      if (first.length < drift.referenceSize) return { psi: null, referenceSize: 0, currentSize: 0 };
      reference = {
        ...buildReference(
          first.map((o) => o.value),
          drift.bins,
        ),
        fromObservationId: first[0].id,
        toObservationId: first[first.length - 1].id,
        frozenAt: new Date().toISOString(),
      };
      inputs[input] = reference;
    }
    const recent = await this.registry.recentObservations(
      manager,
      model,
      input,
      reference.toObservationId,
      drift.recentSize,
    );
    // Everything older than the recent window (the reference rows included) is no longer needed.
    const keepFrom =
      recent.length === drift.recentSize
        ? recent[recent.length - 1].id
        : (BigInt(reference.toObservationId) + 1n).toString();
    await this.registry.pruneObservations(manager, model, input, keepFrom);
    const psi =
      recent.length >= drift.minRecentSize
        ? inputPsi(
            reference,
            recent.map((o) => o.value),
            drift.epsilon,
          )
        : null;
    return { psi, referenceSize: reference.size, currentSize: recent.length };
  }

  private async bias(
    manager: EntityManager,
    model: ModelDefinition,
  ): Promise<{ value: number | null; size: number }> {
    const pairs = await this.registry.recentResolvedForecasts(
      manager,
      model.version,
      this.config.drift.biasWindow,
    );
    return { value: forecastBias(pairs), size: pairs.length };
  }
}
