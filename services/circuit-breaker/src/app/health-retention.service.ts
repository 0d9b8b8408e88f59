// Keeps the health history from growing for ever: on a timer, deletes the reports older than
// BREAKER_HEALTH_KEEP_HOURS, a batch per statement (short locks), the first pass at start. Every
// instance may prune; two passes at once only delete the same old rows.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { classifyError, PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { BreakerConfig } from '../config';
import { BreakerRepository } from '../infra/breaker.repository';

const BATCH_SIZE = 5_000;

@Injectable()
export class HealthRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(HealthRetention.name);
  private readonly task: PeriodicTask;
  private lastPassOk = true;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BreakerConfig,
    @Inject(BreakerRepository) private readonly repository: BreakerRepository,
  ) {
    this.task = new PeriodicTask(config.healthHistory.pruneIntervalSeconds * 1_000, () => this.pass());
  }

  onApplicationBootstrap(): void {
    this.task.start(0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** Deletes every report older than the keep time; answers how many. */
  async pruneOnce(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.healthHistory.keepHours * 3_600_000);
    let total = 0;
    let deleted: number;
    do {
      deleted = await this.repository.pruneHealth(before, BATCH_SIZE);
      total += deleted;
    } while (deleted === BATCH_SIZE && !this.task.stopping);
    return total;
  }

  private async pass(): Promise<void> {
    try {
      await this.pruneOnce();
      this.lastPassOk = true;
    } catch (error) {
      if (this.lastPassOk) this.log.warn(`pruning the health history failed; the next pass retries: ${classifyError(error).message}`);
      this.lastPassOk = false;
    }
  }
}
