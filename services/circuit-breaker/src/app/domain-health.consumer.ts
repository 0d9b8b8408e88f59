// Kafka handler: each DomainHealthReportedV1 from resilience-monitor is one window of health for
// the breaker of its domain. Runs in the consumer's transaction, together with the inbox claim.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import type { HandlerContext } from '@governor/messaging';
import { BreakerService } from './breaker.service';

@Controller()
export class DomainHealthConsumer {
  constructor(@Inject(BreakerService) private readonly breaker: BreakerService) {}

  @EventPattern<string>(EventTypes.DomainHealthReportedV1)
  async onDomainHealth(
    @Payload() event: ContractEvent<typeof EventTypes.DomainHealthReportedV1>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    // runService turns the inbox on by default, so every record comes with its transaction.
    if (!ctx.manager) throw new Error('the domain-health consumer needs the inbox transaction');
    await this.breaker.applyHealth(ctx.manager, event.data);
  }
}
