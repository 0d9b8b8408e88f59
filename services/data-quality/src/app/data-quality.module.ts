// The data-quality feature: scoring handlers, the invalid-record count, the feed-health reporter,
// metrics, and the repositories on the service's schema.
import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@governor/nest';
import type { DataQualityConfig } from '../config';
import { BusinessKeyRepository } from '../infra/business-key.repository';
import { FeedStatsRepository } from '../infra/feed-stats.repository';
import { SubjectStateRepository } from '../infra/subject-state.repository';
import { CountInvalidRecordService } from './count-invalid-record.service';
import { FeedHealthReporter } from './feed-health.reporter';
import { QualityMetrics } from './quality-metrics';
import { ScoreSourceEventService } from './score-source-event.service';
import { SourceEventsController } from './source-events.controller';

const onSchema = <T>(Repository: new (schema: string) => T) => ({
  provide: Repository,
  useFactory: (config: DataQualityConfig) => new Repository(config.schema),
  inject: [SERVICE_CONFIG],
});

@Module({
  controllers: [SourceEventsController],
  providers: [
    onSchema(SubjectStateRepository),
    onSchema(BusinessKeyRepository),
    onSchema(FeedStatsRepository),
    QualityMetrics,
    ScoreSourceEventService,
    CountInvalidRecordService,
    FeedHealthReporter,
  ],
})
export class DataQualityModule {}
