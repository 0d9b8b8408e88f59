// The Kafka side: approved actions from actions.approved.v1, handed to the executor a group at a
// time, without a transaction (see main.ts). What it refuses for a bad signature goes back to the
// consumer, which dead-letters it.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { RefusedRecord } from '@governor/messaging';
import { ExecutorService } from './executor.service';
import type { ApprovedRecord } from './signature-gate';

@Controller()
export class ApprovedActionsController {
  constructor(@Inject(ExecutorService) private readonly executor: ExecutorService) {}

  @EventPattern<string>(EventTypes.ActionApprovedV1)
  onApproved(@Payload() records: readonly ApprovedRecord[]): Promise<RefusedRecord[]> {
    return this.executor.onApproved(records);
  }
}
