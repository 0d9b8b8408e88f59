// Runs the approval schedule every few seconds in every instance: expires overdue tasks (rejected,
// audited and announced) and escalates those past their escalation time.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { PolicyEnforcementConfig } from '../config';
import { ApprovalService } from './approval.service';

@Injectable()
export class ApprovalScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('approval-schedule');
  // A slow run (database away) must not pile up runs behind it: the next is due an interval after.
  private readonly task: PeriodicTask;

  constructor(
    @Inject(SERVICE_CONFIG) config: PolicyEnforcementConfig,
    @Inject(ApprovalService) private readonly approvals: ApprovalService,
  ) {
    this.task = new PeriodicTask(config.approvalSchedulerSeconds * 1000, () => this.tick());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  private async tick(): Promise<void> {
    try {
      const { expired, escalated } = await this.approvals.runSchedule();
      if (expired + escalated > 0) this.log.log(`approval tasks: ${expired} expired, ${escalated} escalated`);
    } catch (error) {
      this.log.warn(`approval schedule failed; will retry: ${(error as Error).message}`);
    }
  }
}
