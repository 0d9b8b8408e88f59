// Kafka handlers, each called once per consumer group of records of its types (the consumer's
// groupHandlers, see main.ts): source events go to scoring, dead letters to the invalid-record
// count of their feed. Thin on purpose; the use cases live in the services.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ReceivedEvent } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import { SOURCE_EVENT_TYPES } from '../domain/source-event';
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
  onSourceEvents(@Payload() records: readonly ReceivedEvent[]): Promise<void> {
    return this.scoring.scoreGroup(records, transactionOf(records));
  }

  @EventPattern<string>(EventTypes.DeadLetterV1)
  onDeadLetters(@Payload() records: readonly ReceivedEvent[]): Promise<void> {
    return this.invalid.countGroup(records, transactionOf(records));
  }
}

/** The group's transaction, the one its inbox claims were made in; without it nothing is safe. */
function transactionOf(records: readonly ReceivedEvent[]): EntityManager {
  const manager = records[0]?.ctx.manager;
  if (!manager) throw new Error('data-quality handlers need the inbox transaction (consumer inbox must be on)');
  return manager;
}
