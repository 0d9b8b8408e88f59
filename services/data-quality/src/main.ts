import './tracing';
// The data-quality service: scores every source event from its five dimensions, publishes it on
// the internal scored topic, keeps per-feed statistics and reports every feed's health on a
// fixed interval (docs/design.md "Data quality").
import 'reflect-metadata';
import { SOURCE_TOPIC_VALUES, Topics } from '@governor/contracts';
import { messagingMigrations } from '@governor/messaging';
import type { ConsumerRunner } from '@governor/messaging';
import { runService } from '@governor/nest';
import { DataQualityModule } from './app/data-quality.module';
import { QualityMetrics } from './app/quality-metrics';
import { loadDataQualityConfig } from './config';
import { dataQualityTablesMigration } from './infra/data-quality-tables.migration';
import { sourcesAndMasterDataMigration } from './infra/sources-and-master-data.migration';
import { telemetry } from './tracing';

async function main(): Promise<void> {
  const config = loadDataQualityConfig();
  const app = await runService({
    config,
    schema: config.schema,
    migrations: [
      ...messagingMigrations(config.schema),
      dataQualityTablesMigration(config.schema),
      sourcesAndMasterDataMigration(config.schema),
    ],
    module: DataQualityModule,
    // Master data too (kept, not scored), and dead letters: invalid source records are counted
    // against their feed from there.
    // Up to 200 records per transaction (with their inbox claims), from any of its partitions,
    // handed to each handler at once: a group costs a few statements, not a few per record.
    consumer: { groupId: config.groupId, topics: [...SOURCE_TOPIC_VALUES, Topics.SourceMasterDataV1, Topics.DeadLetterV1], maxBatchRecords: 200 },
    telemetry,
  });
  // Repeats of a handled (source, id) never reach a handler: the runner's inbox drops them.
  const runner = app.getMicroservices()[0]?.unwrap<ConsumerRunner>();
  app.get(QualityMetrics).countDuplicatesWith(() => runner?.stats.duplicates ?? 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`data-quality failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
