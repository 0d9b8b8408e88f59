// `npm run topics`: creates every topic of the contract registry on KAFKA_BROKERS (default
// 127.0.0.1:9092) and, on a secured cluster, the ACLs the registry implies (who writes and who reads
// each topic, consumer groups by prefix). Safe to run again: existing topics and ACLs are kept.
// Against the local broker it connects as governor-admin with the local credentials; elsewhere with
// KAFKA_SASL_* of a principal allowed to create topics and ACLs (KAFKA_APPLY_ACLS=false skips them).
import { kafkaSecurityFromEnv, loadConfigOrExit, readTopicNamespace } from '@governor/config';
import { registryAcls, TOPIC_REGISTRY, ToolPrincipals } from '@governor/contracts';
import { applyAcls } from '../kafka/kafka-acls';
import { createKafka } from '../kafka/kafka-client';
import { ensureTopics } from '../topics/ensure-topics';

async function main(): Promise<void> {
  const config = loadConfigOrExit((r) => ({
    brokers: r.hostPorts('KAFKA_BROKERS', { default: ['127.0.0.1:9092'] }),
    replicationFactor: r.int('KAFKA_REPLICATION_FACTOR', { default: 1, min: 1 }),
    namespace: readTopicNamespace(r),
    applyAcls: r.boolean('KAFKA_APPLY_ACLS', { default: true }),
  }));
  const security = kafkaSecurityFromEnv(ToolPrincipals.Admin);
  const admin = createKafka({ brokers: config.brokers, clientId: 'governor-topics', security }).admin();
  await admin.connect();
  try {
    const { created, existing } = await ensureTopics(admin, TOPIC_REGISTRY, config.replicationFactor, config.namespace);
    for (const name of created) process.stdout.write(`created  ${name}\n`);
    for (const name of existing) process.stdout.write(`exists   ${name}\n`);
    if (security.sasl && config.applyAcls) {
      const bindings = registryAcls({ namespace: config.namespace });
      try {
        await applyAcls(admin, bindings);
        process.stdout.write(`acls     ${bindings.length} bindings from the topic registry (as ${security.sasl.username})\n`);
      } catch (error) {
        if ((error as { type?: string }).type !== 'CLUSTER_AUTHORIZATION_FAILED') throw error;
        // A principal that may create topics but not ACLs (a test identity, a platform's deployer).
        process.stderr.write(
          `acls     not created: ${security.sasl.username} may not alter ACLs; an administrator provisions them (contracts/kafka/acls.json), or set KAFKA_APPLY_ACLS=false\n`,
        );
      }
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cannot create topics: ${(error as Error).message}\n`);
  process.exit(1);
});
