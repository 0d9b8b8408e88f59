// execution-adapters' Nest module: the approved-action handler, the executions API, and the
// services behind them. Infrastructure (database, Kafka, outbox, metrics) comes from runService().
import { Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { EventPublisher, jsonLogger } from '@governor/messaging';
import type { Logger } from '@governor/messaging';
import { SERVICE_CONFIG, storeRetentionProviders } from '@governor/nest';
import { ExecutionConfig, SERVICE_NAME } from '../config';
import { AdapterRegistry } from '../infra/adapter-registry';
import { ApprovalSignatures } from '../infra/approval-signatures';
import { DomainModeTracker } from '../infra/domain-mode-tracker';
import { ExecutionRepository } from '../infra/execution.repository';
import { retainedStores } from '../infra/retained-stores';
import { ApprovedActionsController } from './approved-actions.controller';
import { CompensationService } from './compensation.service';
import { ExecutionLifecycle } from './execution-lifecycle';
import { ExecutionMetrics } from './execution-metrics';
import { EXECUTION_LOGGER } from './execution.tokens';
import { ExecutionsController } from './executions.controller';
import { ExecutorService } from './executor.service';
import { RetryScheduler } from './retry-scheduler';
import { RetryWake } from './retry-wake';
import { SignatureGate } from './signature-gate';

@Module({
  controllers: [ApprovedActionsController, ExecutionsController],
  providers: [
    ...storeRetentionProviders(retainedStores),
    { provide: EXECUTION_LOGGER, useFactory: (): Logger => jsonLogger(SERVICE_NAME) },
    { provide: ExecutionRepository, useFactory: (c: ExecutionConfig) => new ExecutionRepository(c.schema), inject: [SERVICE_CONFIG] },
    {
      provide: AdapterRegistry,
      useFactory: (c: ExecutionConfig, log: Logger) => new AdapterRegistry(c, log),
      inject: [SERVICE_CONFIG, EXECUTION_LOGGER],
    },
    {
      provide: DomainModeTracker,
      useFactory: (kafka: Kafka, publisher: EventPublisher, c: ExecutionConfig, log: Logger) =>
        new DomainModeTracker(kafka, publisher.namespace, c.groupId, log),
      inject: [Kafka, EventPublisher, SERVICE_CONFIG, EXECUTION_LOGGER],
    },
    {
      provide: ApprovalSignatures,
      useFactory: (c: ExecutionConfig, log: Logger) => {
        const signatures = new ApprovalSignatures(c.signingKeys);
        log.info('approved actions run only when their signature verifies', { keys: signatures.origin });
        return signatures;
      },
      inject: [SERVICE_CONFIG, EXECUTION_LOGGER],
    },
    ExecutionMetrics,
    SignatureGate,
    ExecutorService,
    CompensationService,
    RetryWake,
    RetryScheduler,
    ExecutionLifecycle,
  ],
})
export class ExecutionModule {}
