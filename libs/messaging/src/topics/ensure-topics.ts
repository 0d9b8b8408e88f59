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
  const before = new Set(await admin.listTopics());
  // A cluster that has just formed may answer that a new partition has no leader yet while waiting
  // for leaders (UNKNOWN_TOPIC_OR_PARTITION, retriable): ask again for what is still missing.
  for (let attempt = 1; ; attempt++) {
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !present.has(namespace + s.name));
    try {
      if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing.map((s) => topicConfig(s, replicationFactor, namespace)) });
      break;
    } catch (error) {
      if (!noLeaderYet(error) || attempt >= CREATE_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  return {
    created: specs.filter((s) => !before.has(namespace + s.name)).map((s) => namespace + s.name),
    existing: specs.filter((s) => before.has(namespace + s.name)).map((s) => namespace + s.name),
  };
}

const CREATE_ATTEMPTS = 10;

/** kafkajs's answer when a partition has no leader yet, itself or after its own retries. */
function noLeaderYet(error: unknown): boolean {
  const types = ['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE'];
  const { type, originalError } = error as { type?: string; originalError?: { type?: string } };
  return types.includes(type ?? '') || types.includes(originalError?.type ?? '');
}
