// Strimzi KafkaTopic and KafkaUser resources from the topic registry (partitions, cleanup policy,
// writers and readers) through registryAcls, the function that gives the local broker its ACLs, so
// the cluster's topics and rights cannot drift from the local broker's.
import { registryAcls, registryPrincipals, ToolPrincipals, TOPIC_REGISTRY, type AclBinding, type TopicSpec } from '@governor/contracts';

/** The Strimzi Kafka cluster the resources belong to (the `strimzi.io/cluster` label). */
export const KAFKA_CLUSTER = 'governor';
/** Three brokers: every partition on all of them, and a write needs two (producers send acks=all). */
export const REPLICAS = 3;
export const MIN_IN_SYNC_REPLICAS = 2;

/** Principals that exist only on a developer's machine (tests, the bench) or are the cluster's own super user. */
const LOCAL_ONLY = new Set<string>([ToolPrincipals.Admin, ToolPrincipals.Test, ToolPrincipals.Bench]);

type Resource = Record<string, unknown>;

/** Kafka 3.9: kafkajs speaks protocol versions that Kafka 4 removed (infra/kafka/pom.xml). */
export const KAFKA_VERSION = '3.9.1';

/**
 * The cluster: three KRaft nodes, each controller and broker, one listener on 9093 with TLS and
 * SCRAM-SHA-512, and Kafka's ACLs (`simple` authorization) from the KafkaUsers below.
 */
export function kafkaCluster(): Resource[] {
  return [
    {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaNodePool',
      metadata: { name: 'nodes', labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
      spec: {
        replicas: REPLICAS,
        roles: ['controller', 'broker'],
        storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '20Gi', deleteClaim: false, kraftMetadata: 'shared' }] },
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'Kafka',
      metadata: { name: KAFKA_CLUSTER, annotations: { 'strimzi.io/node-pools': 'enabled', 'strimzi.io/kraft': 'enabled' } },
      spec: {
        kafka: {
          version: KAFKA_VERSION,
          listeners: [{ name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'scram-sha-512' } }],
          authorization: { type: 'simple' },
          config: {
            'default.replication.factor': REPLICAS,
            'min.insync.replicas': MIN_IN_SYNC_REPLICAS,
            'offsets.topic.replication.factor': REPLICAS,
            'transaction.state.log.replication.factor': REPLICAS,
            'transaction.state.log.min.isr': MIN_IN_SYNC_REPLICAS,
            'auto.create.topics.enable': false,
          },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    },
  ];
}

/** A Kubernetes name for a topic: Kafka's names may hold `_` and upper case, a resource's may not. */
export function topicResourceName(topic: string): string {
  return topic.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
}

export function kafkaTopics(topics: readonly TopicSpec[] = TOPIC_REGISTRY): Resource[] {
  return topics.map((topic) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name: topicResourceName(topic.name), labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
    spec: {
      topicName: topic.name,
      partitions: topic.partitions,
      replicas: REPLICAS,
      config: { 'cleanup.policy': topic.cleanupPolicy, 'min.insync.replicas': MIN_IN_SYNC_REPLICAS },
    },
  }));
}

const OPERATIONS: Record<AclBinding['operation'], string> = {
  read: 'Read',
  write: 'Write',
  describe: 'Describe',
  create: 'Create',
  delete: 'Delete',
  alter: 'Alter',
  'describe-configs': 'DescribeConfigs',
  'alter-configs': 'AlterConfigs',
  all: 'All',
};

const RESOURCE_TYPES: Record<AclBinding['resourceType'], string> = {
  topic: 'topic',
  group: 'group',
  cluster: 'cluster',
  'transactional-id': 'transactionalId',
};

/** Kafka's ACLs say `prefixed`, Strimzi's resources `prefix`. */
const PATTERN_TYPES: Record<AclBinding['patternType'], string> = { literal: 'literal', prefixed: 'prefix' };

function strimziAcl(binding: AclBinding): Resource {
  const type = RESOURCE_TYPES[binding.resourceType];
  const resource = type === 'cluster' ? { type } : { type, name: binding.name, patternType: PATTERN_TYPES[binding.patternType] };
  return { resource, operations: [OPERATIONS[binding.operation]] };
}

/** One KafkaUser per principal of the registry, authenticated by SCRAM-SHA-512, with the registry's ACLs. */
export function kafkaUsers(topics: readonly TopicSpec[] = TOPIC_REGISTRY): Resource[] {
  const bindings = registryAcls({ topics });
  return registryPrincipals(topics)
    .filter((principal) => !LOCAL_ONLY.has(principal))
    .map((principal) => ({
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaUser',
      metadata: { name: principal, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
      spec: {
        authentication: { type: 'scram-sha-512' },
        authorization: {
          type: 'simple',
          acls: bindings.filter((b) => b.principal === `User:${principal}`).map(strimziAcl),
        },
      },
    }));
}
