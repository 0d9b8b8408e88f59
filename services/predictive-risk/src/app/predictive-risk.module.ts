// The predictive-risk service's Nest module: the Kafka controller for scored events, the use cases
// behind it, the model registry's HTTP API and lifecycle, the model health schedule, and the state
// store on the service's own schema.
import { Module } from '@nestjs/common';
import { Inbox, Outbox } from '@governor/messaging';
import { SERVICE_CONFIG, ServiceMetrics } from '@governor/nest';
import { buildModelCatalog } from '../domain/models/model-catalog';
import { CreditHistoryRepository } from '../infra/credit-history.repository';
import { ModelRegistryRepository } from '../infra/model-registry.repository';
import { StateReader } from '../infra/state-reader';
import { StateWriter } from '../infra/state-writer';
import { type PredictiveRiskConfig } from '../config';
import { InventoryUseCase } from './inventory.use-case';
import { ModelHealthService } from './model-health.service';
import { ModelLifecycleService } from './model-lifecycle.service';
import { ModelRetrainingService } from './model-retraining.service';
import { OutcomeModelsService } from './outcome-models.service';
import { ModelsController } from './models.controller';
import { OrdersUseCase } from './orders.use-case';
import { ProcurementUseCase } from './procurement.use-case';
import { Proposer } from './proposer';
import { RiskMetrics } from './risk-metrics';
import { ScoredEventController } from './scored-event.controller';
import { ScoredEventHandler } from './scored-event.handler';
import { MODEL_CATALOG, SOURCE_EVENT_INBOX } from './tokens';

@Module({
  controllers: [ScoredEventController, ModelsController],
  providers: [
    {
      provide: MODEL_CATALOG,
      useFactory: (config: PredictiveRiskConfig) => buildModelCatalog(config.models),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: SOURCE_EVENT_INBOX,
      useFactory: (config: PredictiveRiskConfig) =>
        new Inbox(config.schema, `${config.groupId}|source-events`),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: StateReader,
      useFactory: (config: PredictiveRiskConfig) => new StateReader(config.schema),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: StateWriter,
      useFactory: (config: PredictiveRiskConfig, outbox: Outbox) => new StateWriter(config.schema, outbox),
      inject: [SERVICE_CONFIG, Outbox],
    },
    {
      provide: ModelRegistryRepository,
      useFactory: (config: PredictiveRiskConfig) => new ModelRegistryRepository(config.schema),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: CreditHistoryRepository,
      useFactory: (config: PredictiveRiskConfig) => new CreditHistoryRepository(config.schema),
      inject: [SERVICE_CONFIG],
    },
    {
      provide: RiskMetrics,
      useFactory: (metrics: ServiceMetrics) => new RiskMetrics(metrics),
      inject: [ServiceMetrics],
    },
    Proposer,
    InventoryUseCase,
    ProcurementUseCase,
    OrdersUseCase,
    ScoredEventHandler,
    ModelLifecycleService,
    ModelRetrainingService,
    OutcomeModelsService,
    ModelHealthService,
  ],
})
export class PredictiveRiskModule {}
