// Kafka handler: each DomainHealthReportedV1 from resilience-monitor is one window of health for
// the breaker of its domain, applied in order in the group's transaction (with the inbox claims).
// A handful a minute: a record at a time.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes } from '@governor/contracts';
import { eachRecord, type ReceivedEvent } from '@governor/messaging';
import { BreakerService } from './breaker.service';

@Controller()
export class DomainHealthConsumer {
  constructor(@Inject(BreakerService) private readonly breaker: BreakerService) {}

  @EventPattern<string>(EventTypes.DomainHealthReportedV1)
  onDomainHealth(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.DomainHealthReportedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, ({ event }) => this.breaker.applyHealth(manager, event.data));
  }
}
