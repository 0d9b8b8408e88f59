// Every Kafka principal the topic registry names: who may write and who may read which topic. The
// local broker's SCRAM users, the ACLs (kafka-acls.ts) and the Kubernetes KafkaUser resources are
// all derived from the registry, so that they cannot drift apart. A new source system or agent
// outside this list is provisioned with `governor kafka-user add`.

/** One principal per Governor service; each consumes in groups whose id starts with `governor.<name>`. */
export const ServicePrincipals = {
  DataQuality: 'data-quality',
  PredictiveRisk: 'predictive-risk',
  PolicyEnforcement: 'policy-enforcement',
  ExecutionAdapters: 'execution-adapters',
  ResilienceMonitor: 'resilience-monitor',
  CircuitBreaker: 'circuit-breaker',
} as const;
export type ServicePrincipal = (typeof ServicePrincipals)[keyof typeof ServicePrincipals];
export const SERVICE_PRINCIPAL_VALUES: readonly ServicePrincipal[] = Object.values(ServicePrincipals);

/** The demo's source systems and AI agents: each may write its own topics and read nothing. */
export const ProducerPrincipals = {
  Erp: 'erp',
  Wms: 'wms',
  Tms: 'tms',
  Finance: 'finance',
  AgentReplenisher: 'agent-replenisher',
  AgentDealCloser: 'agent-deal-closer',
} as const;
export type ProducerPrincipal = (typeof ProducerPrincipals)[keyof typeof ProducerPrincipals];

/**
 * Principals that work across every topic for people, not for the pipeline: the administrator
 * (a super user: creates topics, users and ACLs), the test suite and the benchmark (read and write
 * every topic, each in groups of any id, so that they can play any producer and watch any output).
 */
export const ToolPrincipals = {
  Admin: 'governor-admin',
  Test: 'governor-test',
  Bench: 'governor-bench',
  /** The `governor` CLI's `publish` and the demo's observer: write source topics, read outputs. */
  Operator: 'governor-operator',
} as const;
export type ToolPrincipal = (typeof ToolPrincipals)[keyof typeof ToolPrincipals];

export type KafkaPrincipal = ServicePrincipal | ProducerPrincipal | ToolPrincipal;

/** The consumer-group id prefix a service's principal may use. */
export function serviceGroupPrefix(service: ServicePrincipal): string {
  return `governor.${service}`;
}
