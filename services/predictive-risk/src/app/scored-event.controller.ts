// The Kafka entry point: scored events from data-quality, one transaction per record (the runner's,
// with its inbox claim), handed to ScoredEventHandler.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ContractEvent, EventTypes } from '@governor/contracts';
import type { HandlerContext } from '@governor/messaging';
import { ScoredEventHandler } from './scored-event.handler';

@Controller()
export class ScoredEventController {
  constructor(@Inject(ScoredEventHandler) private readonly handler: ScoredEventHandler) {}

  @EventPattern<string>(EventTypes.QualityEventScoredV1)
  async onScored(
    @Payload() event: ContractEvent<typeof EventTypes.QualityEventScoredV1>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    if (!ctx.manager)
      throw new Error('predictive-risk handles records in the inbox transaction; none was given');
    await this.handler.handle(event, ctx.manager);
  }
}
