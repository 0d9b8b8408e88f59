// The whole of Governor as separate processes for system tests: a fresh database, a fresh topic
// namespace and free ports, so a test talks to its own Governor through the public contract only
// (topics and HTTP). Timings are short (seconds) so that fallbacks and recoveries fit in a test.
// policy-enforcement signs with a key of the stack's own (GOVERNOR_SIGNING_KEY_FILE), which tests
// that stand in for it (publishing approved actions themselves) sign with too. Each service connects
// to Kafka as its own principal (kafka-principals.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { ApiClient, DEFAULT_PORTS, type ServiceName, serviceRuntimeEnv } from '@governor/cli';
import { ToolPrincipals, type ContractEvent } from '@governor/contracts';
import { createKafka, EventPublisher } from '@governor/messaging';
import { readOrCreateSigningKey, signDetached, type SigningKeyPair } from '@governor/signing';
import { createTopicNamespace, freePort, freePortBlock, NodeProcess, testDatabaseUrl, testKafkaBrokers, TopicRecorder, uniqueName } from '@governor/testing';
import { grantNamespace, principalEnv } from './kafka-principals';

// From test/support in the source tree, or dist/test/support when run compiled (the benchmarks).
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');
const SERVICES = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** Settings that make a day fit in a test: health every second, staleness after a few. */
export const FAST_TIMINGS: Record<string, string> = {
  DQ_HEALTH_INTERVAL_SECONDS: '1',
  DQ_STALE_AFTER_SECONDS: '4',
  HEALTH_INTERVAL_SECONDS: '1',
  HEALTH_WINDOW_SECONDS: '8',
  HEALTH_FEED_REPORT_MAX_AGE_SECONDS: '6',
  BREAKER_COOL_DOWN_SECONDS: '3',
  BREAKER_PROBATION_WINDOWS: '2',
  APPROVAL_SCHEDULER_SECONDS: '1',
  POLICY_ENFORCEMENT_POLICY_POLL_SECONDS: '1',
  EXECUTION_ADAPTERS_RETRY_BASE_MS: '100',
  EXECUTION_ADAPTERS_RETRY_MAX_MS: '1000',
  EXECUTION_ADAPTERS_MODES_WAIT_MS: '2000',
};

export interface StackOptions {
  services?: ServiceName[];
  env?: Record<string, string>;
  /** Partitions per topic, at most the registry's (default 2, light for tests; the bench takes the registry's). */
  topicPartitions?: number;
  /** Replicas per partition (default 1; 3 on the three-broker cluster). */
  replicationFactor?: number;
  /**
   * FAST_TIMINGS under `env` (default true); false runs the services on their defaults, as `npm start`
   * does (the bench).
   */
  fastTimings?: boolean;
}

export class GovernorStack {
  readonly processes = new Map<ServiceName, NodeProcess>();
  /** Further instances of services (startInstance), each in its service's group on a port of its own. */
  readonly instances: { service: ServiceName; process: NodeProcess; port: number }[] = [];
  readonly kafka: Kafka;
  readonly publisher: EventPublisher;
  readonly api: ApiClient;
  private readonly recorders: TopicRecorder[] = [];

  private constructor(
    readonly namespace: string,
    readonly databaseUrl: string,
    private readonly database: string,
    readonly ports: Record<ServiceName, number>,
    private readonly env: Record<string, string>,
    /** The key policy-enforcement signs approved actions with; its directory is removed at stop. */
    readonly signingKey: SigningKeyPair,
    private readonly keysDir: string,
    private readonly revokeAcls: () => Promise<void>,
  ) {
    this.kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'system-test', principal: ToolPrincipals.Test });
    this.publisher = new EventPublisher(this.kafka, { namespace });
    this.api = new ApiClient('u-test', [], process.env.GOVERNOR_JWT_SECRET ?? 'governor-dev-secret', env);
  }

  static async start(options: StackOptions = {}): Promise<GovernorStack> {
    const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'system-test-admin', principal: ToolPrincipals.Test }).admin();
    await admin.connect();
    const namespace = await createTopicNamespace(admin, 'sys', options.topicPartitions, options.replicationFactor);
    await admin.disconnect();
    // Each service connects as its own principal, allowed only what the topic registry says.
    const revokeAcls = await grantNamespace(namespace);

    const database = uniqueName('governor_sys_test').replace(/-/g, '_');
    const server = new URL(testDatabaseUrl());
    const pg = new Client({ connectionString: server.toString() });
    await pg.connect();
    await pg.query(`CREATE DATABASE "${database}"`);
    await pg.end();
    server.pathname = `/${database}`;

    const keysDir = mkdtempSync(path.join(tmpdir(), 'governor-stack-keys-'));
    const keyFile = path.join(keysDir, 'signing-key.pem');
    const { key: signingKey } = await readOrCreateSigningKey(keyFile);

    const base = freePortBlock(SERVICES.length);
    const ports = Object.fromEntries(SERVICES.map((s, i) => [s, base + i])) as Record<ServiceName, number>;
    const env: Record<string, string> = {
      ...(options.fastTimings === false ? {} : FAST_TIMINGS),
      // Consumer groups of their own: a group shared with another stack would rebalance across both.
      // Before options.env, which may name the groups itself (the fault suite does). Each starts with
      // governor.<service>, the prefix the service's principal may use.
      ...Object.fromEntries(
        SERVICES.filter((s) => s !== 'simulated-erp').map((s) => [`${s.toUpperCase().replace(/-/g, '_')}_GROUP_ID`, `governor.${s}.${namespace}`]),
      ),
      ...options.env,
      // As `npm start` runs them (libs/cli service-runtime.ts): V8 flags and malloc settings.
      ...serviceRuntimeEnv({ ...process.env, ...options.env }),
      GOVERNOR_TOPIC_NAMESPACE: namespace,
      DATABASE_URL: server.toString(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      EXECUTION_ADAPTERS_ERP_BASE_URL: `http://127.0.0.1:${ports['simulated-erp']}`,
      GOVERNOR_SIGNING_KEY_FILE: options.env?.GOVERNOR_SIGNING_KEY_FILE ?? keyFile,
      GOVERNOR_DATA_DIR: options.env?.GOVERNOR_DATA_DIR ?? keysDir,
      ...Object.fromEntries(SERVICES.map((s) => [`PORT_${s.toUpperCase().replace(/-/g, '_')}`, String(ports[s])])),
    };
    const stack = new GovernorStack(namespace, server.toString(), database, ports, env, signingKey, keysDir, revokeAcls);
    await stack.publisher.connect();
    try {
      await Promise.all((options.services ?? SERVICES).map((s) => stack.startService(s)));
    } catch (error) {
      // A stack that cannot start leaves nothing behind: no processes, no database.
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Starts one service and waits until it answers /health/ready. */
  async startService(service: ServiceName, extraEnv: Record<string, string> = {}): Promise<NodeProcess> {
    const child = new NodeProcess(path.join(ROOT, `dist/services/${service}/src/main.js`), { ...principalEnv(service), ...this.env, ...extraEnv });
    this.processes.set(service, child);
    await this.waitReady(service, child);
    return child;
  }

  /** Starts another instance of `service`, in its consumer group, on a free port; stopped with the stack. */
  async startInstance(service: ServiceName, timeoutMs = 180_000): Promise<{ process: NodeProcess; port: number }> {
    const port = freePort();
    const variable = `PORT_${service.toUpperCase().replace(/-/g, '_')}`;
    const child = new NodeProcess(path.join(ROOT, `dist/services/${service}/src/main.js`), { ...principalEnv(service), ...this.env, [variable]: String(port) });
    const instance = { service, process: child, port };
    this.instances.push(instance);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ready) return instance;
      if (Date.now() > deadline) {
        await child.stop();
        throw new Error(`another ${service} not ready after ${timeoutMs} ms:\n${child.output.slice(-3_000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async waitReady(service: ServiceName, child = this.processes.get(service), timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const response = await fetch(`${this.url(service)}/health/ready`, { signal: AbortSignal.timeout(1_000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${service} not ready after ${timeoutMs} ms:\n${child?.output ?? ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  /** Records namespaced topics (give contract names) from the beginning. */
  async record(...topics: string[]): Promise<TopicRecorder> {
    const recorder = await TopicRecorder.start(this.kafka, topics.map((t) => this.namespace + t));
    this.recorders.push(recorder);
    return recorder;
  }

  async stopService(service: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.processes.get(service);
    if (!child) return;
    if (signal === 'SIGTERM') await child.stop();
    else {
      child.kill(signal);
      await child.exited;
    }
    this.processes.delete(service);
  }

  /** The approved action signed as policy-enforcement signs it, for tests that publish one themselves. */
  async signApproved(event: ContractEvent<'action.approved.v1'>): Promise<ContractEvent<'action.approved.v1'>> {
    return { ...event, signature: await signDetached(event.data, this.signingKey) };
  }

  /** Everything the services printed, for a failing test's message. */
  output(): string {
    return [...this.processes].map(([name, p]) => `---- ${name}\n${p.output.slice(-4_000)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values(), ...this.instances.map((i) => i.process)].map((p) => p.stop()));
    await Promise.all(this.recorders.map((r) => r.stop()));
    await this.publisher.disconnect();
    await this.revokeAcls().catch(() => undefined);
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await pg.end();
    rmSync(this.keysDir, { recursive: true, force: true });
  }
}
