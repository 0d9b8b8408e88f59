// The Kafka entry point: scored events from data-quality, a group at a time (the consumer's
// groupHandlers, see main.ts) in the runner's transaction (with the group's inbox claims), handed
// to ScoredEventHandler. The source events it refuses as invalid go back to the runner, which
// dead-letters them.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ReceivedEvent, RefusedRecord } from '@governor/messaging';
import { ScoredEventHandler } from './scored-event.handler';

@Controller()
export class ScoredEventController {
  constructor(@Inject(ScoredEventHandler) private readonly handler: ScoredEventHandler) {}

  @EventPattern<string>(EventTypes.QualityEventScoredV1)
  async onScored(@Payload() records: ReceivedEvent[]): Promise<RefusedRecord[]> {
    const manager = records[0]?.ctx.manager;
    if (!manager) throw new Error('predictive-risk handles records in the inbox transaction; none was given');
    return this.handler.handleGroup(records, manager);
  }
}
