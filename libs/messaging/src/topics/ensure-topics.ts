// Creates the topics of the contract registry that do not exist yet, with their partitions and
// cleanup policy. Existing topics are left as they are (a partition count is never lowered).
import { Admin, ITopicConfig } from 'kafkajs';
import { TopicSpec } from '@governor/contracts';

export function topicConfig(spec: TopicSpec, replicationFactor = 1, namespace = ''): ITopicConfig {
  return {
    topic: namespace + spec.name,
    numPartitions: spec.partitions,
    replicationFactor,
    configEntries: [{ name: 'cleanup.policy', value: spec.cleanupPolicy }],
  };
}

export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  replicationFactor = 1,
  namespace = '',
): Promise<{ created: string[]; existing: string[] }> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(namespace + s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => topicConfig(s, replicationFactor, namespace)),
    });
  }
  return {
    created: missing.map((s) => namespace + s.name),
    existing: specs.filter((s) => present.has(namespace + s.name)).map((s) => namespace + s.name),
  };
}
