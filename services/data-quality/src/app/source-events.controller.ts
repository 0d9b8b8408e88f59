// Kafka handlers: every source event type goes to scoring, and dead letters to the invalid-record
// count of their feed. Thin on purpose; the use cases live in the services.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { AnyContractEvent } from '@governor/contracts';
import type { HandlerContext } from '@governor/messaging';
import { isSourceEvent, SOURCE_EVENT_TYPES } from '../domain/source-event';
import { CountInvalidRecordService } from './count-invalid-record.service';
import { ScoreSourceEventService } from './score-source-event.service';

@Controller()
export class SourceEventsController {
  constructor(
    @Inject(ScoreSourceEventService) private readonly scoring: ScoreSourceEventService,
    @Inject(CountInvalidRecordService) private readonly invalid: CountInvalidRecordService,
  ) {}

  // One handler for every source type: Nest registers each pattern of the list.
  @EventPattern<string[]>([...SOURCE_EVENT_TYPES])
  async onSourceEvent(@Payload() event: AnyContractEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    if (isSourceEvent(event)) await this.scoring.score(event, ctx);
  }

  @EventPattern<string>(EventTypes.DeadLetterV1)
  async onDeadLetter(@Payload() event: AnyContractEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    if (event.type === EventTypes.DeadLetterV1) await this.invalid.count(event, ctx);
  }
}
