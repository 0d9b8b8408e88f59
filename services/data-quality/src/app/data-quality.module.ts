// The data-quality feature: scoring handlers, the invalid-record count, master data, the source
// registry and its API, the feed-health reporter, metrics, and the repositories on the service's schema.
import { Module } from '@nestjs/common';
import { SERVICE_CONFIG, storeRetentionProviders } from '@governor/nest';
import type { DataQualityConfig } from '../config';
import { BusinessKeyRepository } from '../infra/business-key.repository';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { MasterDataRepository } from '../infra/master-data.repository';
import { retainedStores } from '../infra/retained-stores';
import { SourceRepository } from '../infra/source.repository';
import { SubjectStateRepository } from '../infra/subject-state.repository';
import { CountInvalidRecordService } from './count-invalid-record.service';
import { FeedHealthReporter } from './feed-health.reporter';
import { KeepMasterDataService } from './keep-master-data.service';
import { QualityMetrics } from './quality-metrics';
import { ScoreSourceEventService } from './score-source-event.service';
import { SourceEventsController } from './source-events.controller';
import { SourceRegistryService } from './source-registry.service';
import { SourcesController } from './sources.controller';

const onSchema = <T>(Repository: new (schema: string) => T) => ({
  provide: Repository,
  useFactory: (config: DataQualityConfig) => new Repository(config.schema),
  inject: [SERVICE_CONFIG],
});

@Module({
  controllers: [SourceEventsController, SourcesController],
  providers: [
    onSchema(SubjectStateRepository),
    onSchema(BusinessKeyRepository),
    onSchema(FeedStatsRepository),
    onSchema(SourceRepository),
    onSchema(MasterDataRepository),
    ...storeRetentionProviders(retainedStores),
    QualityMetrics,
    SourceRegistryService,
    KeepMasterDataService,
    ScoreSourceEventService,
    CountInvalidRecordService,
    FeedHealthReporter,
  ],
})
export class DataQualityModule {}
