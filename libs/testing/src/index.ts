// Helpers for Governor's tests: where Kafka and Postgres are, fresh names, topic recorders,
// child processes and in-process tracing.
export { testKafkaBrokers, testDatabaseUrl, uniqueName, uniqueSchema } from './environment';
export { createTestTopic, createTopicNamespace, TopicRecorder } from './kafka-helpers';
export type { RecordedMessage } from './kafka-helpers';
export { NodeProcess } from './child-process';
export { OidcProvider } from './oidc-provider';
export type { OidcClient, OidcProviderConfig } from './oidc-provider';
export { useTestTracing } from './tracing';
export { handledTableMigration } from './handled-table.migration';
export { signedProposal, testAgentKey, testAgentPublicKey } from './agent-keys';
export {
  compiledService,
  freePort,
  freePortBlock,
  serviceTestEnv,
  startServiceProcess,
  callServiceApi,
  dropSchemas,
  deleteTopicNamespace,
  sleep,
} from './service-process';
export { SQL_TRANSACTIONS_ENV, sqlTransactionsIn } from './sql-transactions';
export type { SqlTransaction } from './sql-transactions';
export { dateAfter, dates, scored, sourceEvent } from './scored-events';
export { RETRAINING_RISK_ENV, seasonalDemand } from './seasonal-drift';
