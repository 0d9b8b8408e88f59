// The Kafka entry point: scored events from data-quality, a group at a time in the group's
// transaction (with its inbox claims), handed to ScoredEventHandler. The source events it refuses as invalid go back to the runner, which
// dead-letters them.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes } from '@governor/contracts';
import type { RefusedRecord } from '@governor/messaging';
import { ScoredEventHandler, type ScoredRecord } from './scored-event.handler';

@Controller()
export class ScoredEventController {
  constructor(@Inject(ScoredEventHandler) private readonly handler: ScoredEventHandler) {}

  @EventPattern<string>(EventTypes.QualityEventScoredV1)
  onScored(@Payload() records: readonly ScoredRecord[], @Ctx() manager: EntityManager): Promise<RefusedRecord[]> {
    return this.handler.handleGroup(records, manager);
  }
}
