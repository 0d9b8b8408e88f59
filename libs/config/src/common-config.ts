// The settings every Governor process shares (docs/contract.md section 6): where Kafka and Postgres are,
// the token key, and the service's HTTP port. Service-specific settings extend this.
import { EnvReader } from './env-reader';
import { readJwtConfig, type JwtConfig } from './jwt-config';
import { readKafkaSecurity, type KafkaSecurity } from './kafka-security';

export { DEFAULT_JWT_SECRET } from './jwt-config';

export interface CommonConfig {
  serviceName: string;
  kafkaBrokers: string[];
  /** SASL and TLS of this service's Kafka clients (KAFKA_SASL_*, KAFKA_SSL*). */
  kafkaSecurity: KafkaSecurity;
  databaseUrl: string;
  httpPort: number;
  jwt: JwtConfig;
  /** True when the local default secret is in use: callers log a warning at start-up. */
  usingDefaultJwtSecret: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Prefixed to every topic name; empty in production (see EventPublisher). */
  topicNamespace: string;
  /**
   * How a consumer's fetch waits for records: the broker answers once `minBytes` are there or
   * `maxWaitMs` has passed. The defaults answer as soon as a record is there (latency first); a
   * larger `minBytes` trades up to `maxWaitMs` per hop for larger groups of records under a steady
   * load (less CPU per record). `groupIntervalMs` is the least time between the starts of two of a
   * grouped consumer's transactions (ConsumerRunnerOptions): larger groups under load, at up to
   * that much per hop, and nothing added after a quiet spell.
   */
  kafkaFetch: { minBytes: number; maxWaitMs: number; groupIntervalMs: number };
  /**
   * How long the messaging tables keep what they no longer need: outbox rows after they were sent,
   * inbox rows (which recognise redelivered events) after they were received; and how often they
   * are pruned.
   */
  messagingRetention: { outboxKeepHours: number; inboxKeepHours: number; pruneIntervalSeconds: number };
  /** How often a service's own stores are pruned past their limits (StoreRetention, RETENTION_PRUNE_INTERVAL_SECONDS). */
  storeRetentionIntervalSeconds: number;
}

export function readTopicNamespace(reader: EnvReader): string {
  const namespace = reader.string('GOVERNOR_TOPIC_NAMESPACE', { default: '' });
  if (!/^[a-z0-9._-]*$/.test(namespace)) {
    reader.problem('GOVERNOR_TOPIC_NAMESPACE', 'may hold only lower-case letters, digits, ".", "_" and "-"');
  }
  return namespace;
}

/**
 * A consuming service's Kafka consumer group, `<SERVICE>_GROUP_ID`: by default `governor.<service>`
 * (the prefix its principal's ACLs allow), followed by the topic namespace when there is one, so two
 * stacks on one broker (the demo's own beside the one `npm start` runs) never share a group.
 */
export function readGroupId(reader: EnvReader, serviceName: string): string {
  const namespace = reader.string('GOVERNOR_TOPIC_NAMESPACE', { default: '' }).replace(/\.+$/, '');
  const variable = `${serviceName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_GROUP_ID`;
  return reader.string(variable, { default: namespace ? `governor.${serviceName}.${namespace}` : `governor.${serviceName}` });
}

/** `PORT_POLICY_ENFORCEMENT` for service `policy-enforcement`. */
export function portVariable(serviceName: string): string {
  return `PORT_${serviceName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export function readCommonConfig(
  reader: EnvReader,
  serviceName: string,
  defaultPort: number,
): CommonConfig {
  const { jwt, usingDefaultJwtSecret } = readJwtConfig(reader);
  return {
    serviceName,
    kafkaBrokers: reader.hostPorts('KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
    kafkaSecurity: readKafkaSecurity(reader),
    databaseUrl: reader.url('DATABASE_URL', ['postgres', 'postgresql'], {
      default: 'postgres://postgres@127.0.0.1:5432/governor',
    }),
    httpPort: reader.int(portVariable(serviceName), { default: defaultPort, min: 1, max: 65535 }),
    jwt,
    usingDefaultJwtSecret,
    topicNamespace: readTopicNamespace(reader),
    logLevel: reader.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, { default: 'info' }),
    kafkaFetch: {
      minBytes: reader.int('KAFKA_FETCH_MIN_BYTES', { default: 1, min: 1, max: 16 * 1024 * 1024 }),
      maxWaitMs: reader.int('KAFKA_FETCH_MAX_WAIT_MS', { default: 1_000, min: 10, max: 10_000 }),
      groupIntervalMs: reader.int('KAFKA_GROUP_INTERVAL_MS', { default: 25, min: 0, max: 1_000 }),
    },
    messagingRetention: {
      outboxKeepHours: reader.int('OUTBOX_KEEP_HOURS', { default: 24, min: 1, max: 8_760 }),
      // Kafka's default retention is 7 days: a replay of anything the topics still hold is recognised.
      inboxKeepHours: reader.int('INBOX_KEEP_HOURS', { default: 168, min: 1, max: 87_600 }),
      pruneIntervalSeconds: reader.int('MESSAGING_PRUNE_INTERVAL_SECONDS', { default: 600, min: 10, max: 86_400 }),
    },
    storeRetentionIntervalSeconds: reader.int('RETENTION_PRUNE_INTERVAL_SECONDS', { default: 3_600, min: 1, max: 86_400 }),
  };
}
