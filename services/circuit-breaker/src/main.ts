import './tracing';
// The circuit-breaker process: one breaker per business domain, driven by the domain health that
// resilience-monitor publishes, announcing every mode change on governance.domain-modes.v1.
import 'reflect-metadata';
import { Topics } from '@governor/contracts';
import { messagingMigrations } from '@governor/messaging';
import { runService } from '@governor/nest';
import { BreakerModule } from './app/breaker.module';
import { loadBreakerConfig } from './config';
import { breakerTablesMigration } from './infra/breaker-tables.migration';
import { healthHistoryMigration } from './infra/health-history.migration';
import { telemetry } from './tracing';

const config = loadBreakerConfig();

runService({
  config,
  schema: config.schema,
  migrations: [...messagingMigrations(config.schema), breakerTablesMigration(config.schema), healthHistoryMigration(config.schema)],
  module: BreakerModule,
  consumer: { groupId: config.groupId, topics: [Topics.DomainHealthV1] },
  telemetry,
}).catch((error: unknown) => {
  process.stderr.write(`circuit-breaker failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
