// The Kafka ACLs that follow from the topic registry: least privilege, derived in one place so the
// local broker's ACLs, `governor kafka-user add` and the Kubernetes KafkaUser resources agree.
//   - a topic's writers may write it, its readers may read it, and nobody else may do either;
//   - each principal that reads consumes in groups whose id starts with its own prefix;
//   - the test and bench principals may do anything to topics and groups (they play every party);
//   - the administrator is a super user in the broker's configuration and needs no ACL.
import { SERVICE_PRINCIPAL_VALUES, serviceGroupPrefix, ToolPrincipals, type KafkaPrincipal, type ServicePrincipal } from './principals';
import { TOPIC_REGISTRY, type TopicSpec } from './topics';

export type AclResourceType = 'topic' | 'group' | 'cluster' | 'transactional-id';
export type AclPatternType = 'literal' | 'prefixed';
export type AclOperation = 'read' | 'write' | 'describe' | 'create' | 'delete' | 'alter' | 'describe-configs' | 'alter-configs' | 'all';

/** One ALLOW rule: `principal` may do `operation` on the resources `name` names. */
export interface AclBinding {
  principal: string;
  resourceType: AclResourceType;
  patternType: AclPatternType;
  name: string;
  operation: AclOperation;
}

/** The name of the cluster resource in Kafka's ACLs. */
export const KAFKA_CLUSTER_RESOURCE = 'kafka-cluster';

export interface AclOptions {
  /** Prefixed to every topic name (GOVERNOR_TOPIC_NAMESPACE); '' in production. */
  namespace?: string;
  /** The consumer-group prefix of a principal; by default `governor.<service>` for a service, the name itself otherwise. */
  groupPrefixOf?: (principal: KafkaPrincipal) => string;
  topics?: readonly TopicSpec[];
}

/** The principals that work across all topics for people (tests, the benchmark). */
const ALL_ACCESS_PRINCIPALS: readonly KafkaPrincipal[] = [ToolPrincipals.Test, ToolPrincipals.Bench];

export function defaultGroupPrefix(principal: KafkaPrincipal): string {
  return (SERVICE_PRINCIPAL_VALUES as readonly string[]).includes(principal) ? serviceGroupPrefix(principal as ServicePrincipal) : principal;
}

/** Every ACL binding the registry implies, in a stable order. */
export function registryAcls(options: AclOptions = {}): AclBinding[] {
  const namespace = options.namespace ?? '';
  const groupPrefixOf = options.groupPrefixOf ?? defaultGroupPrefix;
  const topics = options.topics ?? TOPIC_REGISTRY;
  const bindings: AclBinding[] = [];
  const readers = new Set<KafkaPrincipal>();
  for (const topic of topics) {
    const name = namespace + topic.name;
    for (const writer of topic.writers) bindings.push(topicAcl(writer, name, 'write'));
    for (const reader of topic.readers) {
      bindings.push(topicAcl(reader, name, 'read'));
      readers.add(reader);
    }
  }
  for (const reader of readers) {
    bindings.push({ principal: userPrincipal(reader), resourceType: 'group', patternType: 'prefixed', name: groupPrefixOf(reader), operation: 'read' });
  }
  for (const principal of ALL_ACCESS_PRINCIPALS) bindings.push(...allAccessAcls(principal));
  return bindings;
}

/** ACLs for a principal provisioned by an operator (`governor kafka-user add`): its groups start with its name. */
export function userAcls(name: string, produce: readonly string[], consume: readonly string[]): AclBinding[] {
  return [
    ...produce.map((topic) => topicAcl(name, topic, 'write')),
    ...consume.map((topic) => topicAcl(name, topic, 'read')),
    ...(consume.length > 0 ? [{ principal: userPrincipal(name), resourceType: 'group' as const, patternType: 'prefixed' as const, name, operation: 'read' as const }] : []),
  ];
}

/** Everything on every topic, group and transactional id, and creating topics: for tests and the bench. */
function allAccessAcls(principal: string): AclBinding[] {
  const user = userPrincipal(principal);
  return [
    { principal: user, resourceType: 'topic', patternType: 'literal', name: '*', operation: 'all' },
    { principal: user, resourceType: 'group', patternType: 'literal', name: '*', operation: 'all' },
    { principal: user, resourceType: 'transactional-id', patternType: 'literal', name: '*', operation: 'all' },
    { principal: user, resourceType: 'cluster', patternType: 'literal', name: KAFKA_CLUSTER_RESOURCE, operation: 'create' },
    { principal: user, resourceType: 'cluster', patternType: 'literal', name: KAFKA_CLUSTER_RESOURCE, operation: 'describe' },
  ];
}

function topicAcl(principal: string, topic: string, operation: 'read' | 'write'): AclBinding {
  return { principal: userPrincipal(principal), resourceType: 'topic', patternType: 'literal', name: topic, operation };
}

/** Kafka's principal string for a SASL user. */
export function userPrincipal(name: string): string {
  return `User:${name}`;
}

/** Every principal the registry names, with the tool principals: the SCRAM users a local broker needs. */
export function registryPrincipals(topics: readonly TopicSpec[] = TOPIC_REGISTRY): string[] {
  // The tool principals first, the administrator (the first of them) at the head.
  const names = new Set<string>(Object.values(ToolPrincipals));
  for (const topic of topics) for (const principal of [...topic.writers, ...topic.readers]) names.add(principal);
  return [...names];
}
