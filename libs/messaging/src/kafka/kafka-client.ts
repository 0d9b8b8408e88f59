// One place that creates kafkajs clients, with Governor's logging, retry and security settings.
import { Kafka, logLevel, LogEntry, type KafkaConfig } from 'kafkajs';
import { kafkaClientOptions, kafkaSecurityFromEnv, type KafkaSecurity } from '@governor/config';
import { Logger } from '../logger';
import { fixKafkajsRequestQueue } from './request-queue-fix';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /**
   * SASL and TLS. A service passes its configuration's; tools and tests leave it out and get
   * KAFKA_SASL_* / KAFKA_SSL* from the environment, or the local broker's credentials of
   * `principal` (see kafkaSecurityFromEnv).
   */
  security?: KafkaSecurity;
  /** The principal whose local credentials a tool uses when no security is given or set in the environment. */
  principal?: string;
}

export function createKafka({ brokers, clientId, logger, security, principal }: KafkaClientOptions): Kafka {
  fixKafkajsRequestQueue();
  return new Kafka({
    clientId,
    brokers,
    ...kafkajsSecurity(security ?? kafkaSecurityFromEnv(principal)),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    // kafkajs retries its own requests; beyond that the runner's backoff takes over.
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const { message, ...rest } = entry.log;
      const line = `kafkajs ${entry.namespace}: ${message}`;
      if (entry.level <= logLevel.ERROR) logger.error(line, rest);
      else logger.warn(line, rest);
    },
  });
}

/** kafkajs's `sasl` and `ssl` options for a security setting; the secrets are revealed only here. */
export function kafkajsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  return kafkaClientOptions(security) as Pick<KafkaConfig, 'sasl' | 'ssl'>;
}
