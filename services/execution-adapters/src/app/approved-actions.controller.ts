// The Kafka side: approved actions from actions.approved.v1, handed to the executor a group at a
// time (the consumer's groupHandlers, see main.ts). What it refuses for a bad signature goes back
// to the consumer, which dead-letters it.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ReceivedEvent, RefusedRecord } from '@governor/messaging';
import { ExecutorService } from './executor.service';

@Controller()
export class ApprovedActionsController {
  constructor(@Inject(ExecutorService) private readonly executor: ExecutorService) {}

  @EventPattern<string>(EventTypes.ActionApprovedV1)
  onApproved(@Payload() records: ReceivedEvent[]): Promise<RefusedRecord[]> {
    return this.executor.onApproved(records);
  }
}
