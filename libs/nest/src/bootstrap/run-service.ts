// Starts one Governor service: database (migrations), Kafka publisher, outbox relay, the Nest HTTP
// app with the token guard, error filter and health/metrics, and the Kafka consumer as a Nest
// transport. Returns once everything is ready and logs where it answers. SIGTERM or SIGINT stop it
// cleanly; a consumer that crashes for good stops the process with a non-zero code, so a
// supervisor restarts it rather than leaving it up but stuck. With GOVERNOR_OPENAPI_FILE set it
// only writes the service's OpenAPI document there and exits (npm run openapi), touching no infra.
import { writeFileSync } from 'node:fs';
import { ConsoleLogger, INestApplication, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { Module } from '@nestjs/common';
import { CommonConfig, describeKafkaSecurity } from '@governor/config';
import {
  countStatements,
  createKafka,
  EventPublisher,
  Inbox,
  jsonLogger,
  MessagingRetention,
  MigrationClass,
  openDatabase,
  Outbox,
  OutboxRelay,
} from '@governor/messaging';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { GovernorKafkaServer } from '../governor-kafka.server';
import { Readiness } from '../health/readiness';
import { HttpErrorFilter } from '../http/http-error.filter';
import { PageInterceptor } from '../http/paging';
import { RefusalRecorder } from '../http/refusal-recorder';
import { ServiceMetrics } from '../metrics/service-metrics';
import { HeapWatch } from '../metrics/heap-watch';
import { buildOpenApiDocument, serveOpenApiDocument } from '../openapi/openapi-document';
import { InfrastructureModule, type Infrastructure } from './infrastructure.module';
import { RethrowRpcErrors } from './rethrow-rpc-errors.filter';

export interface ConsumerSpec {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Handle each group in a transaction (default true); handlers get it as their second argument. */
  transaction?: boolean;
  /** Claim each record in the inbox in that transaction, so a redelivery is skipped (default true). */
  inbox?: boolean;
  /** Records handled in one group, in one transaction (default 1); see ConsumerRunnerOptions. */
  maxBatchRecords?: number;
  /** The service's fetch settings (KAFKA_FETCH_*) for this consumer instead; see ConsumerRunnerOptions. */
  fetch?: { minBytes: number; maxWaitMs: number; groupIntervalMs?: number };
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** How long handled offsets may wait to be committed together; see ConsumerRunnerOptions. */
  commitIntervalMs?: number;
}

export interface ServiceSpec<C extends CommonConfig> {
  config: C;
  schema: string;
  migrations: MigrationClass[];
  module: Type<unknown>;
  consumer?: ConsumerSpec;
  /** Flushes telemetry on shutdown. */
  telemetry?: { shutdown(): Promise<void> };
  httpHost?: string;
}

export async function runService<C extends CommonConfig>(spec: ServiceSpec<C>): Promise<INestApplication> {
  const { config } = spec;
  const nestLogger = new ConsoleLogger(config.serviceName, { json: true, logLevels: logLevels(config.logLevel) });
  const log = new Logger(config.serviceName);
  Logger.overrideLogger(nestLogger);
  if (config.usingDefaultJwtSecret) {
    log.warn('GOVERNOR_JWT_SECRET is not set: using the local default secret; never do this in production');
  }
  const openApiFile = process.env.GOVERNOR_OPENAPI_FILE;
  if (openApiFile) return writeOpenApiDocument(spec, openApiFile, nestLogger);

  const dataSource = await openDatabase({
    url: config.databaseUrl,
    schema: spec.schema,
    migrations: spec.migrations,
    applicationName: config.serviceName,
  });
  const messagingLogger = jsonLogger(config.serviceName);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: config.serviceName, logger: messagingLogger, security: config.kafkaSecurity });
  log.log(`Kafka ${config.kafkaBrokers.join(',')}: ${describeKafkaSecurity(config.kafkaSecurity)}`);
  const publisher = new EventPublisher(kafka, { namespace: config.topicNamespace });
  await publisher.connect();
  const outbox = new Outbox(spec.schema);
  const relay = new OutboxRelay({ dataSource, outbox, publisher, logger: messagingLogger });
  const keep = config.messagingRetention;
  const retention = new MessagingRetention({
    dataSource,
    schema: spec.schema,
    outboxKeepMs: keep.outboxKeepHours * 3_600_000,
    inboxKeepMs: keep.inboxKeepHours * 3_600_000,
    intervalMs: keep.pruneIntervalSeconds * 1_000,
    logger: messagingLogger,
  });
  const metrics = new ServiceMetrics(config.serviceName);
  const heapWatch = new HeapWatch({ logger: messagingLogger });
  const refusals = new RefusalRecorder({
    serviceName: config.serviceName,
    publisher,
    counter: metrics.counter('http_refusals_total', 'API calls refused with 401 or 403, by route pattern, status and reason code', [
      'route',
      'status',
      'code',
    ]),
    logger: messagingLogger,
  });
  const readiness = new Readiness();
  readiness.add('database', async () => (await dataSource.query('SELECT 1')).length === 1);

  const app = await NestFactory.create(rootModule({ config, kafka, publisher, dataSource, outbox, relay, metrics, readiness, refusals }, spec.module), {
    logger: nestLogger,
    bufferLogs: false,
  });
  serveOpenApiDocument(app, buildOpenApiDocument(app, config.serviceName));
  app.useGlobalFilters(new HttpErrorFilter(refusals));
  app.useGlobalInterceptors(new PageInterceptor());
  app.useGlobalGuards(new JwtAuthGuard(app.get(Reflector), config.jwt));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true, forbidUnknownValues: true }));
  // SIGTERM and SIGINT only. Nest's default list also takes SIGILL, SIGSEGV, SIGBUS and SIGFPE: a
  // JS handler for those turns a fatal V8 or native crash (a trap) into a process that re-executes
  // the trapping instruction for ever at full CPU, up but stuck, instead of dying for its
  // supervisor to restart (seen in the benchmark with a V8 abort under policy-enforcement).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  let server: GovernorKafkaServer | undefined;
  if (spec.consumer) {
    const consumer = spec.consumer;
    const fetch = consumer.fetch ?? config.kafkaFetch;
    server = new GovernorKafkaServer({
      kafka,
      groupId: consumer.groupId,
      topics: consumer.topics,
      fromBeginning: consumer.fromBeginning ?? true,
      stage: config.serviceName,
      publisher,
      database:
        consumer.transaction === false
          ? undefined
          : { dataSource, inbox: consumer.inbox === false ? undefined : new Inbox(spec.schema, consumer.groupId) },
      maxBatchRecords: consumer.maxBatchRecords,
      partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently,
      sessionTimeoutMs: consumer.sessionTimeoutMs,
      commitIntervalMs: consumer.commitIntervalMs,
      minBytes: fetch.minBytes,
      maxWaitTimeMs: fetch.maxWaitMs,
      groupIntervalMs: fetch.groupIntervalMs ?? config.kafkaFetch.groupIntervalMs,
      logger: messagingLogger,
      // What the group's transaction put in the outbox goes out at once, straight from memory.
      afterCommit: (manager) => relay.publishCommitted(outbox.takeInserted(manager)),
      onFatal: (error) => {
        log.error(`consumer stopped for good: ${error.message}; exiting so the supervisor restarts this service`);
        process.exit(70);
      },
    });
    log.log(`consumer group ${consumer.groupId}: a fetch answers once ${fetch.minBytes} byte(s) are there or after ${fetch.maxWaitMs} ms`);
    // Deferred so that the filter is in place when the handlers are bound (at start-up).
    app
      .connectMicroservice<MicroserviceOptions>({ strategy: server }, { deferInitialization: true })
      .useGlobalFilters(new RethrowRpcErrors());
    metrics.consumer(() => server?.consumer);
    readiness.add('kafka-consumer', () => server?.consumer?.ready ?? false);
  }
  const sql = countStatements();
  metrics.mirroredCounter('db_statements_total', 'SQL statements sent to Postgres (transaction control not counted)', [], (observe) => observe(sql.statements));
  metrics.mirroredCounter('db_transactions_total', 'Transactions started in Postgres', [], (observe) => observe(sql.transactions));
  metrics.mirroredCounter('outbox_published_total', 'Events the outbox relay has published', [], (observe) => observe(relay.publishedCount));
  metrics.mirroredCounter('messaging_pruned_rows_total', 'Rows deleted from the messaging tables once past their keep time', ['table'], (observe) => {
    observe(retention.prunedCounts.outbox, { table: 'outbox' });
    observe(retention.prunedCounts.inbox, { table: 'inbox' });
  });

  // Module init and bootstrap hooks run before the first record is handed to a handler.
  await app.init();
  await app.startAllMicroservices();
  relay.start();
  retention.start();
  heapWatch.start();
  log.log(
    `messaging tables: sent outbox rows kept ${keep.outboxKeepHours} h, inbox rows ${keep.inboxKeepHours} h; pruned every ${keep.pruneIntervalSeconds} s`,
  );
  await app.listen(config.httpPort, spec.httpHost ?? process.env.GOVERNOR_HTTP_HOST ?? '127.0.0.1');
  log.log(`ready on http://${spec.httpHost ?? '127.0.0.1'}:${config.httpPort}`);

  const stop = async (signal: string) => {
    log.log(`${signal}: stopping`);
    await app.close().catch((e: unknown) => log.error(`close failed: ${(e as Error).message}`));
    await relay.stop();
    await retention.stop();
    await heapWatch.stop();
    await refusals.stop();
    await publisher.disconnect().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await spec.telemetry?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}

function rootModule(infra: Infrastructure, serviceModule: Type<unknown>): Type<unknown> {
  @Module({ imports: [InfrastructureModule.forRoot(infra), serviceModule] })
  class ServiceRootModule {}
  return ServiceRootModule;
}

/**
 * The same application as runService's, created in Nest's preview mode (modules and routes, no
 * provider instantiated), so the document is the one GET /docs serves without a database or broker.
 */
async function writeOpenApiDocument<C extends CommonConfig>(spec: ServiceSpec<C>, file: string, logger: ConsoleLogger): Promise<never> {
  // Never used: preview mode creates no provider, so nothing reads these.
  const unused = {} as never;
  const infra: Infrastructure = {
    config: spec.config,
    kafka: unused,
    publisher: unused,
    dataSource: unused,
    outbox: unused,
    relay: unused,
    metrics: unused,
    readiness: unused,
    refusals: unused,
  };
  const app = await NestFactory.create(rootModule(infra, spec.module), { preview: true, logger, abortOnError: false });
  const document = buildOpenApiDocument(app, spec.config.serviceName);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  process.exit(0);
}

function logLevels(level: CommonConfig['logLevel']): ('error' | 'warn' | 'log' | 'debug')[] {
  const all: ('error' | 'warn' | 'log' | 'debug')[] = ['error', 'warn', 'log', 'debug'];
  const cut = { error: 1, warn: 2, info: 3, debug: 4 }[level];
  return all.slice(0, cut);
}
