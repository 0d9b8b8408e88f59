// Drives what the Kafka handler does not finish: retries whose backoff has passed, and attempts
// (of execution or compensation) whose owner crashed, once their lease has run out. It runs on a
// timer, outside any consumer session, so a long backoff never holds up a partition. It sleeps
// until the next retry or lease end the table holds (at most RETRY_POLL_MS, for what another
// instance schedules), and a retry scheduled here wakes it (RetryWake), so an idle service does
// not poll.
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@governor/messaging';
import { classifyError, PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { inSpanContinuing } from '@governor/telemetry';
import type { ExecutionConfig } from '../config';
import { ExecutionStates } from '../domain/execution-states';
import { ExecutionRepository } from '../infra/execution.repository';
import { CompensationService } from './compensation.service';
import { ExecutorService } from './executor.service';
import { RetryWake } from './retry-wake';
import { EXECUTION_LOGGER } from './execution.tokens';

const BATCH = 20;
const CONCURRENCY = 4;

@Injectable()
export class RetryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) config: ExecutionConfig,
    @Inject(ExecutionRepository) private readonly repo: ExecutionRepository,
    @Inject(ExecutorService) private readonly executor: ExecutorService,
    @Inject(CompensationService) private readonly compensation: CompensationService,
    @Inject(EXECUTION_LOGGER) private readonly log: Logger,
    @Inject(RetryWake) wake: RetryWake,
  ) {
    this.task = new PeriodicTask(config.retryPollMs, async () => {
      try {
        await this.runDue();
        return await this.repo.nextDueInMs(this.db);
      } catch (error) {
        this.log.warn('retry scheduler pass failed', { error: classifyError(error).message });
        return undefined;
      }
    });
    wake.listen(() => this.task.wake());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over what is due; exposed for tests and for a prompt first pass at start-up. */
  async runDue(): Promise<void> {
    const due = await this.repo.due(this.db, BATCH);
    for (let i = 0; i < due.length; i += CONCURRENCY) {
      await Promise.all(
        due.slice(i, i + CONCURRENCY).map(({ actionId, state, trace }) =>
          // In the approved action's trace: its ERP call and its outcome follow the first attempt's.
          inSpanContinuing(trace, state === ExecutionStates.Compensating ? 'resume compensation' : 'scheduled attempt', () =>
            state === ExecutionStates.Compensating ? this.compensation.resume(actionId) : this.executor.attempt(actionId),
          ).catch((error: unknown) => {
            const { code, message } = classifyError(error);
            this.log.warn('scheduled attempt could not run; will try again', { actionId, code, error: message });
          }),
        ),
      );
    }
  }
}
