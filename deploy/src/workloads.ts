// The Kubernetes resources of each Governor process: a Deployment (non-root, read-only root
// filesystem, probes on /health/*), its Service, a PodDisruptionBudget, a NetworkPolicy, and for
// each consumer a KEDA ScaledObject that scales it on its consumer group's lag. The topics a
// consumer reads, and so how far it may scale, come from the topic registry.
import { portVariable } from '@governor/config';
import { PRODUCTION_TRACE_SAMPLING } from '@governor/telemetry';
import { serviceGroupPrefix, TOPIC_REGISTRY, type ServicePrincipal } from '@governor/contracts';
import { CONSOLE, kafkaUserSecret, SERVICES, type DeployedProcess } from './catalogue';
import { KAFKA_CLUSTER } from './strimzi';

type Resource = Record<string, unknown>;

/** Names shared by the resources of the base and what an overlay or the platform provides. */
export const Names = {
  config: 'governor-config',
  kafkaUsers: 'governor-kafka-users',
  database: 'governor-database',
  signingKey: 'governor-signing-key',
  clusterCa: `${KAFKA_CLUSTER}-cluster-ca-cert`,
  kafkaBootstrap: `${KAFKA_CLUSTER}-kafka-bootstrap:9093`,
} as const;

const PART_OF = { 'app.kubernetes.io/part-of': 'governor' } as const;
const labels = (name: string) => ({ 'app.kubernetes.io/name': name, ...PART_OF });
const selector = (name: string) => ({ 'app.kubernetes.io/name': name });

const SECRET_DIR = '/var/run/secrets/governor';
const HEALTH_TIMING = { periodSeconds: 10, timeoutSeconds: 2 };

/** The settings every service reads from the shared ConfigMap; an overlay sets the real values. */
export function sharedConfig(): Resource {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: Names.config, labels: PART_OF },
    data: {
      KAFKA_BROKERS: Names.kafkaBootstrap,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: `${SECRET_DIR}/kafka-ca/ca.crt`,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      GOVERNOR_HTTP_HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      // The identity provider whose tokens the services accept (GOVERNOR_JWT_*): set by the overlay.
      GOVERNOR_JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
      GOVERNOR_JWT_ISSUER: 'https://login.example.com/',
      GOVERNOR_JWT_AUDIENCE: 'governor',
      // The console signs people in there (authorization code with PKCE) and is reached here.
      GOVERNOR_OIDC_ISSUER: 'https://login.example.com/',
      GOVERNOR_OIDC_CLIENT_ID: 'governor-console',
      CONSOLE_PUBLIC_URL: 'https://governor.example.com',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      ...PRODUCTION_TRACE_SAMPLING,
    },
  };
}

/** KEDA reads a consumer's Kafka user name from here (the password from Strimzi's Secret of that user). */
export function kafkaUserNames(): Resource {
  const users = SERVICES.flatMap((s) => (s.kafkaUser ? [[s.kafkaUser, s.kafkaUser]] : []));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: Names.kafkaUsers, labels: PART_OF }, data: Object.fromEntries(users) };
}

/** Nothing reaches a Governor pod, and a Governor pod reaches nothing, unless a policy below allows it. */
export function defaultDeny(): Resource {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'governor-default-deny', labels: PART_OF },
    spec: { podSelector: { matchLabels: PART_OF }, policyTypes: ['Ingress', 'Egress'] },
  };
}

function processEnv(p: DeployedProcess): Resource[] {
  const env: Resource[] = [{ name: portVariable(p.name), value: String(p.port) }];
  if (p.kafkaUser) {
    env.push(
      { name: 'KAFKA_SASL_USERNAME', value: p.kafkaUser },
      { name: 'KAFKA_SASL_PASSWORD_FILE', value: `${SECRET_DIR}/kafka/password` },
    );
  }
  if (p.database) env.push({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: Names.database, key: 'url' } } });
  if (p.name === 'policy-enforcement') env.push({ name: 'GOVERNOR_SIGNING_KEY_FILE', value: `${SECRET_DIR}/signing/signing-key.pem` });
  if (p.name === 'execution-adapters') {
    env.push({ name: 'GOVERNOR_SIGNING_JWKS_URL', value: 'http://policy-enforcement:3003/.well-known/jwks.json' });
  }
  if (p.name === CONSOLE) {
    env.push({ name: 'CONSOLE_HTTP_HOST', value: '0.0.0.0' });
    for (const s of SERVICES) env.push({ name: `GOVERNOR_URL_${s.name.toUpperCase().replace(/-/g, '_')}`, value: `http://${s.name}:${s.port}` });
  }
  return env;
}

function volumes(p: DeployedProcess): { volumes: Resource[]; mounts: Resource[] } {
  const volumes: Resource[] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }];
  const mounts: Resource[] = [{ name: 'tmp', mountPath: '/tmp' }];
  const secret = (name: string, secretName: string, dir: string) => {
    volumes.push({ name, secret: { secretName, defaultMode: 0o440 } });
    mounts.push({ name, mountPath: `${SECRET_DIR}/${dir}`, readOnly: true });
  };
  if (p.kafkaUser) {
    secret('kafka-password', kafkaUserSecret(p.kafkaUser), 'kafka');
    secret('kafka-ca', Names.clusterCa, 'kafka-ca');
  }
  if (p.name === 'policy-enforcement') secret('signing-key', Names.signingKey, 'signing');
  return { volumes, mounts };
}

function probe(path: string, extra: Resource): Resource {
  return { httpGet: { path, port: 'http' }, ...HEALTH_TIMING, ...extra };
}

export function deployment(p: DeployedProcess): Resource {
  const { volumes: vols, mounts } = volumes(p);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: p.name, labels: labels(p.name), annotations: { 'governor.io/description': p.description } },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector(p.name) },
      template: {
        metadata: {
          labels: labels(p.name),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(p.port), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          // A service drains its consumer and finishes its transaction on SIGTERM.
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: p.name,
              image: `governor-${p.name}`,
              ports: [{ name: 'http', containerPort: p.port }],
              envFrom: [{ configMapRef: { name: Names.config } }],
              env: processEnv(p),
              resources: {
                requests: { cpu: p.resources.cpuRequest, memory: p.resources.memoryRequest },
                limits: { cpu: p.resources.cpuLimit, memory: p.resources.memoryLimit },
              },
              startupProbe: probe('/health/live', { failureThreshold: 30 }),
              livenessProbe: probe('/health/live', { failureThreshold: 3 }),
              readinessProbe: probe('/health/ready', { failureThreshold: 2 }),
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: mounts,
            },
          ],
          volumes: vols,
        },
      },
    },
  };
}

export function service(p: DeployedProcess): Resource {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: p.name, labels: labels(p.name) },
    spec: { selector: selector(p.name), ports: [{ name: 'http', port: p.port, targetPort: 'http' }] },
  };
}

export function disruptionBudget(p: DeployedProcess): Resource {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: p.name, labels: labels(p.name) },
    // One pod at a time: a consumer group rebalances once per drained pod, never all at once.
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(p.name) } },
  };
}

const DNS_EGRESS = { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };

export function networkPolicy(p: DeployedProcess): Resource {
  const callers = [CONSOLE, ...p.calledBy].filter((c) => c !== p.name).map((c) => ({ podSelector: { matchLabels: selector(c) } }));
  const ingress: Resource[] = [
    { from: callers, ports: [{ protocol: 'TCP', port: p.port }] },
    // Prometheus scrapes /metrics, the kubelet probes need no rule.
    { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ protocol: 'TCP', port: p.port }] },
  ];
  if (p.name === CONSOLE) ingress[0] = { ports: [{ protocol: 'TCP', port: p.port }] };
  const egress: Resource[] = [DNS_EGRESS, { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'otel-collector' } } }], ports: [{ protocol: 'TCP', port: 4318 }] }];
  if (p.kafkaUser) egress.push({ to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER } } }], ports: [{ protocol: 'TCP', port: 9093 }] });
  // Postgres usually lives outside the namespace (a managed database): any address, its port only.
  if (p.database) egress.push({ ports: [{ protocol: 'TCP', port: 5432 }] });
  if (p.name === CONSOLE) egress.push({ to: SERVICES.map((s) => ({ podSelector: { matchLabels: selector(s.name) } })) });
  for (const callee of SERVICES.filter((s) => s.calledBy.includes(p.name))) {
    egress.push({ to: [{ podSelector: { matchLabels: selector(callee.name) } }], ports: [{ protocol: 'TCP', port: callee.port }] });
  }
  // The systems of record (ERP, WMS) and the identity provider's keys: HTTPS anywhere.
  egress.push({ ports: [{ protocol: 'TCP', port: 443 }] });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, labels: labels(p.name) },
    spec: { podSelector: { matchLabels: selector(p.name) }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}

/** Scales a consumer on its group's lag, up to the partitions of its widest topic (more would sit idle). */
export function scaledObject(p: DeployedProcess & { kafkaUser: ServicePrincipal }): Resource[] {
  const topics = TOPIC_REGISTRY.filter((t) => t.readers.includes(p.kafkaUser));
  const maxReplicaCount = Math.max(1, ...topics.map((t) => t.partitions));
  const auth = `${p.name}-kafka`;
  return [
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: auth, labels: labels(p.name) },
      spec: {
        configMapTargetRef: [{ parameter: 'username', name: Names.kafkaUsers, key: p.kafkaUser }],
        secretTargetRef: [
          { parameter: 'password', name: kafkaUserSecret(p.kafkaUser), key: 'password' },
          { parameter: 'ca', name: Names.clusterCa, key: 'ca.crt' },
        ],
      },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: p.name, labels: labels(p.name) },
      spec: {
        scaleTargetRef: { name: p.name },
        minReplicaCount: 1,
        maxReplicaCount,
        pollingInterval: 15,
        cooldownPeriod: 300,
        triggers: [
          {
            type: 'kafka',
            metadata: {
              bootstrapServers: Names.kafkaBootstrap,
              consumerGroup: serviceGroupPrefix(p.kafkaUser),
              // No topic: every topic the group has offsets on, lag summed.
              lagThreshold: '200',
              activationLagThreshold: '0',
              offsetResetPolicy: 'earliest',
              sasl: 'scram_sha512',
              tls: 'enable',
            },
            authenticationRef: { name: auth },
          },
        ],
      },
    },
  ];
}

/** Every resource of one process, in apply order. */
export function processResources(p: DeployedProcess): Resource[] {
  const resources = [deployment(p), service(p), disruptionBudget(p), networkPolicy(p)];
  if (p.kafkaUser) resources.push(...scaledObject({ ...p, kafkaUser: p.kafkaUser }));
  return resources;
}
