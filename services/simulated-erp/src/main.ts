import './tracing';
// The simulated ERP/WMS: a stand-in for the systems of record that execution-adapters acts on, as
// its own process with its own Postgres schema. It answers on PORT_SIMULATED_ERP (3010).
import { jsonLogger, openDatabase } from '@governor/messaging';
import { ErpMetrics } from './app/erp-metrics';
import { createErpServer } from './app/erp-server';
import { loadErpConfig } from './config';
import { erpSchemaMigration } from './infra/erp-schema.migration';
import { telemetry } from './tracing';

async function main(): Promise<void> {
  const config = loadErpConfig();
  const logger = jsonLogger(config.serviceName, process.stdout);
  const dataSource = await openDatabase({
    url: config.databaseUrl,
    schema: config.schema,
    migrations: [erpSchemaMigration(config.schema)],
    applicationName: config.serviceName,
  });
  const server = createErpServer({
    dataSource,
    schema: config.schema,
    authHeader: config.authHeader,
    authValue: config.authValue,
    logger,
    metrics: new ErpMetrics(config.serviceName),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort, config.httpHost, resolve);
  });
  logger.info(`ready on http://${config.httpHost}:${config.httpPort}`);

  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping`);
    server.closeIdleConnections();
    await new Promise((resolve) => server.close(resolve));
    await dataSource.destroy().catch(() => undefined);
    await telemetry.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`simulated-erp failed to start: ${(error as Error).stack}\n`);
  process.exit(1);
});
