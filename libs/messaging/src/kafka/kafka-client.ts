// One place that creates kafkajs clients, with Governor's logging and retry settings.
import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '../logger';
import { fixKafkajsRequestQueue } from './request-queue-fix';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
}

export function createKafka({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  fixKafkajsRequestQueue();
  return new Kafka({
    clientId,
    brokers,
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
