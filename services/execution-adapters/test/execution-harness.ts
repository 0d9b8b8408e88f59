// Test harness: the simulated ERP and execution-adapters as processes on a fresh topic namespace
// and fresh schemas, with helpers to publish approvals (signed, as policy-enforcement does, with a
// key of the JWKS file the service is given) and mode changes, read the ERP, call the service's API
// and wait for outcomes, dead letters and security events.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Admin, Kafka } from 'kafkajs';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { ApprovalModes, Domains, DomainModes, EventTypes, Topics, type ContractEvent, type DomainMode } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import { generateSigningKey, publicJwks, signDetached, type SigningKeyPair } from '@governor/signing';
import {
  createTopicNamespace,
  freePort,
  NodeProcess,
  RecordedMessage,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';

const DIST = path.resolve(__dirname, '../../../dist/services');
const SERVICE_MAIN = path.join(DIST, 'execution-adapters/src/main.js');
const ERP_MAIN = path.join(DIST, 'simulated-erp/src/main.js');
const SECRET = 'execution-test-secret';
const ERP_AUTH = 'Bearer erp-test-key';

export type Approved = ContractEvent<typeof EventTypes.ActionApprovedV1>;
type OutcomeData = { actionId: string; actionType: string; adapter: string; externalReference?: string; error?: string; attempts: number };
export type Outcome = { type: string; subject: string; source: string; data: OutcomeData };

export class ExecutionHarness {
  readonly kafka: Kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'execution-adapters-test' });
  readonly operator = mintToken(SECRET, 'olga-operator', ['operator']);
  readonly auditor = mintToken(SECRET, 'aldo-auditor', ['auditor']);
  private readonly admin: Admin = this.kafka.admin();
  private readonly publisher = new EventPublisher(this.kafka);
  private readonly serviceSchema = uniqueSchema('exec');
  private readonly erpSchema = uniqueSchema('erp');
  private readonly group = uniqueName('governor.execution-adapters');
  private readonly servicePort = freePort();
  private readonly erpPort = freePort();
  namespace = '';
  /** The key that stands in for policy-enforcement's; its JWKS is the service's GOVERNOR_SIGNING_JWKS_FILE. */
  signingKey!: SigningKeyPair;
  private readonly keysDir = mkdtempSync(path.join(tmpdir(), 'exec-keys-'));
  private recorder!: TopicRecorder;
  private erp!: NodeProcess;
  service!: NodeProcess;

  async start(): Promise<void> {
    await Promise.all([this.admin.connect(), this.publisher.connect()]);
    this.signingKey = await generateSigningKey();
    writeFileSync(this.jwksFile, JSON.stringify(publicJwks([this.signingKey])));
    this.namespace = await createTopicNamespace(this.admin, 'exec');
    this.recorder = await TopicRecorder.start(
      this.kafka,
      [Topics.ActionsOutcomesV1, Topics.ReviewRequestsV1, Topics.DeadLetterV1, Topics.SecurityEventsV1].map((t) => this.namespace + t),
    );
    this.erp = new NodeProcess(ERP_MAIN, {
      SIMULATED_ERP_DB_SCHEMA: this.erpSchema,
      PORT_SIMULATED_ERP: String(this.erpPort),
      SIMULATED_ERP_AUTH_VALUE: ERP_AUTH,
      DATABASE_URL: testDatabaseUrl(),
      OTEL_SDK_DISABLED: 'true',
    });
    await this.erp.waitForOutput(/ready on http/);
    await this.startService();
  }

  /**
   * Starts execution-adapters (again), optionally with a test crash point or settings of its own,
   * and waits until it is ready unless told not to.
   */
  async startService(options: { crashPoint?: string; waitReady?: boolean; env?: Record<string, string> } = {}): Promise<NodeProcess> {
    const { crashPoint, waitReady = true, env = {} } = options;
    this.service = new NodeProcess(SERVICE_MAIN, {
      GOVERNOR_TOPIC_NAMESPACE: this.namespace,
      GOVERNOR_JWT_SECRET: SECRET,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: testDatabaseUrl(),
      PORT_EXECUTION_ADAPTERS: String(this.servicePort),
      EXECUTION_ADAPTERS_DB_SCHEMA: this.serviceSchema,
      EXECUTION_ADAPTERS_GROUP_ID: this.group,
      EXECUTION_ADAPTERS_ERP_BASE_URL: `http://127.0.0.1:${this.erpPort}`,
      EXECUTION_ADAPTERS_ERP_AUTH_VALUE: ERP_AUTH,
      EXECUTION_ADAPTERS_ERP_TIMEOUT_MS: '1000',
      // Short session, so a restarted instance takes over the SIGKILLed one's partitions quickly.
      EXECUTION_ADAPTERS_SESSION_TIMEOUT_MS: '6000',
      EXECUTION_ADAPTERS_LEASE_MS: '5500',
      EXECUTION_ADAPTERS_MAX_ATTEMPTS: '4',
      EXECUTION_ADAPTERS_RETRY_BASE_MS: '100',
      EXECUTION_ADAPTERS_RETRY_MAX_MS: '400',
      EXECUTION_ADAPTERS_RETRY_POLL_MS: '100',
      EXECUTION_ADAPTERS_MODES_WAIT_MS: '500',
      GOVERNOR_SIGNING_JWKS_FILE: this.jwksFile,
      // OpenTelemetry at its default, as deployed: nothing exported, trace context carried on.
      LOG_LEVEL: 'info',
      ...(crashPoint ? { EXECUTION_ADAPTERS_TEST_CRASH_POINT: crashPoint } : {}),
      ...env,
    });
    await this.service.waitForOutput(/ready on http/, 60_000);
    if (waitReady) await this.until(async () => (await fetch(this.url('/health/ready'))).status === 200, 30_000, 'service ready');
    return this.service;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.erp?.stop();
    await this.recorder?.stop();
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    for (const schema of [this.serviceSchema, this.erpSchema]) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
    await Promise.all([this.admin.disconnect(), this.publisher.disconnect()]);
    rmSync(this.keysDir, { recursive: true, force: true });
  }

  get jwksFile(): string {
    return path.join(this.keysDir, 'jwks.json');
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.servicePort}${p}`;
  }

  /** An approved purchase order of its own actionId (idempotencyKey = actionId, as policy does it). */
  approval(overrides: { mode?: 'automatic' | 'human'; actionType?: Approved['data']['actionType']; domain?: Approved['data']['domain']; parameters?: Record<string, unknown>; actionId?: string } = {}): Approved {
    const event = exampleEvent(EventTypes.ActionApprovedV1);
    const actionId = overrides.actionId ?? uniqueName('act');
    const mode = overrides.mode ?? ApprovalModes.Human;
    return {
      ...event,
      id: uniqueName('evt'),
      subject: actionId,
      data: {
        ...event.data,
        actionId,
        idempotencyKey: actionId,
        actionType: overrides.actionType ?? event.data.actionType,
        domain: overrides.domain ?? event.data.domain,
        parameters: overrides.parameters ?? event.data.parameters,
        approval: { ...event.data.approval, mode, approvers: mode === ApprovalModes.Human ? ['u-planner-1'] : [] },
      },
    };
  }

  /** Signs it as policy-enforcement would; with `headers`, e.g. the trace context of the decision that approved it. */
  async publishApproved(event: Approved, headers?: Record<string, string>): Promise<void> {
    await this.publishAsIs(await this.signed(event), headers);
  }

  /** The event with a signature over its data, by the harness's key or another. */
  async signed(event: Approved, key: SigningKeyPair = this.signingKey): Promise<Approved> {
    return { ...event, signature: await signDetached(event.data, key) };
  }

  /** Publishes the event as it is, signed or not: forgeries. */
  async publishAsIs(event: Approved, headers?: Record<string, string>): Promise<void> {
    await this.publisher.publish(this.namespace + Topics.ActionsApprovedV1, event, headers);
  }

  /** The dead letter of an approved action (its key is the actionId). */
  async deadLetter(actionId: string, timeoutMs = 20_000): Promise<ContractEvent<typeof EventTypes.DeadLetterV1>['data']> {
    const found = await this.recorder.waitFor(
      (m) => m.topic === this.namespace + Topics.DeadLetterV1 && m.key === actionId,
      timeoutMs,
      `the dead letter of ${actionId}`,
    );
    return (found.json as ContractEvent<typeof EventTypes.DeadLetterV1>).data;
  }

  /** The dead letters of an approved action recorded so far. */
  deadLetters(actionId: string): RecordedMessage[] {
    return this.recorder.messages.filter((m) => m.topic === this.namespace + Topics.DeadLetterV1 && m.key === actionId);
  }

  /** The security event reported about an action. */
  async securityEvent(actionId: string, timeoutMs = 20_000): Promise<ContractEvent<typeof EventTypes.SecurityViolationRecordedV1>> {
    const found = await this.recorder.waitFor(
      (m) => m.topic === this.namespace + Topics.SecurityEventsV1 && (m.json as { data: { actionId: string } }).data.actionId === actionId,
      timeoutMs,
      `the security event about ${actionId}`,
    );
    return found.json as ContractEvent<typeof EventTypes.SecurityViolationRecordedV1>;
  }

  /** Publishes a mode change on the compacted topic and waits until the service knows it. */
  async setMode(mode: DomainMode, domain = Domains.Procurement): Promise<void> {
    const event = exampleEvent(EventTypes.DomainModeChangedV1);
    await this.publisher.publish(this.namespace + Topics.DomainModesV1, {
      ...event,
      id: uniqueName('mode'),
      subject: domain,
      data: { ...event.data, domain, mode, previousMode: mode === DomainModes.Automated ? DomainModes.ManualFallback : DomainModes.Automated, since: new Date().toISOString() },
    });
    await this.until(async () => {
      const known = (await this.api<{ modes: Record<string, { mode: string }> }>('GET', '/domain-modes', this.operator)).body;
      return known.modes[domain]?.mode === mode;
    }, 15_000, `${domain} in ${mode}`);
  }

  /** When each execution was recorded and completed, read from the service's table. */
  async executionTimes(actionIds: string[]): Promise<{ createdAt: Date; executedAt: Date | null }[]> {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ created_at: Date; executed_at: Date | null }>(
        `SELECT created_at, executed_at FROM "${this.serviceSchema}".executions WHERE action_id = ANY($1::text[])`,
        [actionIds],
      );
      return rows.map((r) => ({ createdAt: r.created_at, executedAt: r.executed_at }));
    } finally {
      await pg.end();
    }
  }

  async erpCall<T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`http://127.0.0.1:${this.erpPort}${p}`, {
      method,
      headers: { authorization: ERP_AUTH, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // DELETE /_control answers 204, without a body.
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  async ordersWithKey(key: string): Promise<{ id: string; status: string; idempotencyKey: string; quantity: number; reference: string }[]> {
    return (await this.erpCall<{ id: string; status: string; idempotencyKey: string; quantity: number; reference: string }[]>('GET', `/purchase-orders?idempotencyKey=${encodeURIComponent(key)}`)).body;
  }

  async api<T>(method: string, p: string, token: string): Promise<{ status: number; body: T }> {
    const response = await fetch(this.url(p), { method, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  }

  outcomes(actionId: string, type?: string): Outcome[] {
    return this.recorder.messages
      .filter((m) => m.topic === this.namespace + Topics.ActionsOutcomesV1)
      .map((m) => m.json as Outcome)
      .filter((o) => o.subject === actionId && (type === undefined || o.type === type));
  }

  async outcome(actionId: string, type: string, timeoutMs = 20_000): Promise<Outcome> {
    return (await this.outcomeRecord(actionId, type, timeoutMs)).json as Outcome;
  }

  /** The outcome's record as it was published (headers and all). */
  async outcomeRecord(actionId: string, type: string, timeoutMs = 20_000): Promise<RecordedMessage> {
    return this.recorder.waitFor(
      (m: RecordedMessage) => m.topic === this.namespace + Topics.ActionsOutcomesV1 && (m.json as Outcome).subject === actionId && (m.json as Outcome).type === type,
      timeoutMs,
      `${type} of ${actionId}`,
    );
  }

  async reviewRequest(actionId: string): Promise<ContractEvent<typeof EventTypes.ReviewRequestedV1>> {
    const found = await this.recorder.waitFor(
      (m) => m.topic === this.namespace + Topics.ReviewRequestsV1 && (m.json as { subject: string }).subject === actionId,
      20_000,
      `review request of ${actionId}`,
    );
    return found.json as ContractEvent<typeof EventTypes.ReviewRequestedV1>;
  }

  async until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; service output:\n${this.service.output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Lets records that would be wrong (a second outcome) arrive before asserting there are none. */
  async settle(ms = 1_000): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }
}
