// The messaging core: typed publishing, the validating consumer runner with dead-lettering and
// retries, the inbox and the transactional outbox. Framework-free; the Nest transport strategy over
// it lives in @governor/nest.
export { GovernorError, RetriableError, NonRetriableError, classifyError } from './errors/governor-error';
export type { ClassifiedError } from './errors/governor-error';
export { crashPoint } from './crash-point';
export { PeriodicTask } from './periodic-task';
export type { CrashPointName } from './crash-point';
export { createKafka, kafkajsSecurity } from './kafka/kafka-client';
export { applyAcls, removeAcls, toAclEntry } from './kafka/kafka-acls';
export type { KafkaClientOptions } from './kafka/kafka-client';
export { jsonLogger, silentLogger } from './logger';
export type { Logger } from './logger';
export { EventPublisher, toKafkaMessage } from './producer/event-publisher';
export type { OutgoingRecord, PublisherOptions } from './producer/event-publisher';
export { ConsumerRunner } from './consumer/consumer-runner';
export type { PartitionLag } from './consumer/partition-lags';
export type { BatchHandler, ConsumerRunnerOptions, RefusedRecord, ConsumerStats, EventHandler, HandlerContext, ReceivedEvent } from './consumer/consumer-runner';
export { recordSpan } from './consumer/consumer-spans';
export { deadLetterEvent } from './consumer/dead-letter';
export { PartitionBackoff } from './consumer/backoff';
export { Inbox } from './inbox/inbox';
export type { InboxKey } from './inbox/inbox';
export { Outbox } from './outbox/outbox';
export { OutboxRelay } from './outbox/outbox-relay';
export type { OutboxRelayOptions } from './outbox/outbox-relay';
export { openDatabase } from './database/open-database';
export type { DatabaseOptions } from './database/open-database';
export { addColumnMigration, messagingMigrations } from './database/messaging-tables.migration';
export { MessagingRetention } from './retention/messaging-retention';
export type { MessagingRetentionOptions, Pruned } from './retention/messaging-retention';
export type { MigrationClass } from './database/messaging-tables.migration';
export { assertSchemaName } from './database/schema-name';
export { DeferredRows, deferToCommit, openCommitHooks, runCommitHooks } from './database/commit-hooks';
export { preparedQuery } from './database/prepared-query';
export type { CommitHook, CommitHookOrder } from './database/commit-hooks';
export { ensureTopics, topicConfig } from './topics/ensure-topics';
