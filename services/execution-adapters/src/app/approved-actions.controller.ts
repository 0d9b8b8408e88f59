// The Kafka side: approved actions from actions.approved.v1, handed to the executor.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import { ExecutorService } from './executor.service';

@Controller()
export class ApprovedActionsController {
  constructor(@Inject(ExecutorService) private readonly executor: ExecutorService) {}

  @EventPattern<string>(EventTypes.ActionApprovedV1)
  async onApproved(@Payload() event: ContractEvent<typeof EventTypes.ActionApprovedV1>): Promise<void> {
    await this.executor.onApproved(event);
  }
}
