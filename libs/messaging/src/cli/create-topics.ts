// `npm run topics`: creates every topic of the contract registry on KAFKA_BROKERS (default
// 127.0.0.1:9092). Safe to run again: existing topics are kept.
import { loadConfigOrExit, readTopicNamespace } from '@governor/config';
import { TOPIC_REGISTRY } from '@governor/contracts';
import { createKafka } from '../kafka/kafka-client';
import { ensureTopics } from '../topics/ensure-topics';

async function main(): Promise<void> {
  const config = loadConfigOrExit((r) => ({
    brokers: r.hostPorts('KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
    replicationFactor: r.int('KAFKA_REPLICATION_FACTOR', { default: 1, min: 1 }),
    namespace: readTopicNamespace(r),
  }));
  const admin = createKafka({ brokers: config.brokers, clientId: 'governor-topics' }).admin();
  await admin.connect();
  try {
    const { created, existing } = await ensureTopics(admin, TOPIC_REGISTRY, config.replicationFactor, config.namespace);
    for (const name of created) process.stdout.write(`created  ${name}\n`);
    for (const name of existing) process.stdout.write(`exists   ${name}\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cannot create topics: ${(error as Error).message}\n`);
  process.exit(1);
});
