// Runs the approval schedule every few seconds in every instance: expires overdue tasks (rejected,
// audited and announced) and escalates those past their escalation time.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@governor/nest';
import type { PolicyEnforcementConfig } from '../config';
import { ApprovalService } from './approval.service';

@Injectable()
export class ApprovalScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('approval-schedule');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PolicyEnforcementConfig,
    @Inject(ApprovalService) private readonly approvals: ApprovalService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.approvalSchedulerSeconds * 1000);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    // A slow run (database away) must not pile up runs behind it.
    if (this.running) return;
    this.running = true;
    try {
      const { expired, escalated } = await this.approvals.runSchedule();
      if (expired + escalated > 0) this.log.log(`approval tasks: ${expired} expired, ${escalated} escalated`);
    } catch (error) {
      this.log.warn(`approval schedule failed; will retry: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
