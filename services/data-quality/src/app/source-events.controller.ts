// Kafka handlers, each called once per group of records of its types with the group's transaction:
// source events go to scoring, master data to the master data kept, dead letters to the
// invalid-record count of their feed. Thin on
// purpose; the use cases live in the services.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventTypes } from '@governor/contracts';
import type { ReceivedEvent } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import { MASTER_DATA_EVENT_TYPES, type MasterDataEventType } from '../domain/master-data-event';
import { SOURCE_EVENT_TYPES, type SourceEventType } from '../domain/source-event';
import { CountInvalidRecordService } from './count-invalid-record.service';
import { KeepMasterDataService } from './keep-master-data.service';
import { ScoreSourceEventService } from './score-source-event.service';

@Controller()
export class SourceEventsController {
  constructor(
    @Inject(ScoreSourceEventService) private readonly scoring: ScoreSourceEventService,
    @Inject(CountInvalidRecordService) private readonly invalid: CountInvalidRecordService,
    @Inject(KeepMasterDataService) private readonly masterData: KeepMasterDataService,
  ) {}

  // One handler for every source type: Nest registers each pattern of the list, and a group's
  // source events of every type come in one call.
  @EventPattern<string[]>([...SOURCE_EVENT_TYPES])
  onSourceEvents(@Payload() records: readonly ReceivedEvent<SourceEventType>[], @Ctx() manager: EntityManager): Promise<void> {
    return this.scoring.scoreGroup(records, manager);
  }

  @EventPattern<string[]>([...MASTER_DATA_EVENT_TYPES])
  onMasterData(@Payload() records: readonly ReceivedEvent<MasterDataEventType>[], @Ctx() manager: EntityManager): Promise<void> {
    return this.masterData.keepGroup(records, manager);
  }

  @EventPattern<string>(EventTypes.DeadLetterV1)
  onDeadLetters(@Payload() records: readonly ReceivedEvent<typeof EventTypes.DeadLetterV1>[], @Ctx() manager: EntityManager): Promise<void> {
    return this.invalid.countGroup(records, manager);
  }
}
