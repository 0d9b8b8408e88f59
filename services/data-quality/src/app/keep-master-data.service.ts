// Use case: keep the master data of a group of source.master-data.v1 records, in the consumer's
// transaction, one statement for the group. A record from a source that is not trusted for its
// type is not kept (counted and logged): master data decides how every other event is scored, so
// only its registered owner's systems may change it. Of several records about one entity in a
// group the latest (by time) is kept, as the table keeps the latest across groups.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ReceivedEvent } from '@governor/messaging';
import type { EntityManager } from 'typeorm';
import { masterEntityOf, type MasterDataEventType } from '../domain/master-data-event';
import { MasterDataRepository, type MasterRecord } from '../infra/master-data.repository';
import { QualityMetrics } from './quality-metrics';
import { SourceRegistryService } from './source-registry.service';

@Injectable()
export class KeepMasterDataService {
  private readonly log = new Logger(KeepMasterDataService.name);

  constructor(
    @Inject(MasterDataRepository) private readonly masterData: MasterDataRepository,
    @Inject(SourceRegistryService) private readonly sources: SourceRegistryService,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
  ) {}

  async keepGroup(records: readonly ReceivedEvent<MasterDataEventType>[], manager: EntityManager): Promise<void> {
    const latest = new Map<string, MasterRecord>();
    const registry = this.sources.current;
    for (const { event } of records) {
      if (!registry.trusts(event.source, event.type)) {
        this.metrics.masterDataRefused(event.type);
        this.log.warn(`master data ${event.type} ${event.subject} from ${event.source} not kept: the source is not registered for it`);
        continue;
      }
      const entity = masterEntityOf(event);
      const key = `${entity.entityType}\u0000${entity.entityId}`;
      const held = latest.get(key);
      if (held && Date.parse(held.factTime) > Date.parse(event.time)) continue;
      latest.set(key, { ...entity, record: { ...event.data }, factTime: event.time, source: event.source, eventId: event.id });
    }
    await this.masterData.upsertAll(manager, [...latest.values()]);
  }
}
