// Runs policy-enforcement as a process (node dist/.../main.js) against the real broker and
// Postgres, with a fresh topic namespace and a fresh schema, and gives tests what they need to
// drive it: publishing proposals and mode changes, calling the API with tokens, recording its
// output topics, and SQL on its schema. Build first (see the service brief).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import {
  EventTypes,
  Topics,
  type ActionType,
  type CloudEvent,
  type ContractEvent,
  type Domain,
  type SourceDomain,
  type DomainMode,
} from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka, EventPublisher } from '@governor/messaging';
import type { SigningKeyPair } from '@governor/signing';
import {
  createTopicNamespace,
  freePort,
  NodeProcess,
  type RecordedMessage,
  signedProposal,
  SQL_TRANSACTIONS_ENV,
  type SqlTransaction,
  sqlTransactionsIn,
  testAgentPublicKey,
  testDatabaseUrl,
  testKafkaBrokers,
  TopicRecorder,
  uniqueName,
  uniqueSchema,
} from '@governor/testing';

const MAIN = path.resolve(__dirname, '../../../dist/services/policy-enforcement/src/main.js');
const SECRET = 'policy-enforcement-test-secret';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface RiskProposalOptions {
  actionId?: string;
  actionType?: ActionType;
  parameters?: Record<string, unknown>;
  confidence?: number;
  dataQuality?: number;
  /** Headers to publish it with, e.g. the trace context of the model's run. */
  headers?: Record<string, string>;
}

export interface AgentProposalOptions {
  /**
   * Who signs it: the agent's own test key (the default), another key (a forgery), or nobody
   * (`'unsigned'`).
   */
  signWith?: SigningKeyPair | 'unsigned';
}

export class PolicyEnforcementHarness {
  readonly kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'policy-enforcement-test' });
  private readonly admin = this.kafka.admin();
  readonly schema = uniqueSchema('pe');
  readonly port = freePort();
  namespace = '';
  private publisher!: EventPublisher;
  private service!: NodeProcess;
  private recorder!: TopicRecorder;
  readonly pg = new Client({ connectionString: testDatabaseUrl() });
  /** GOVERNOR_DATA_DIR: the signing key is generated here at first start. */
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'pe-data-'));

  /** The environment that makes the service print what each of its transactions cost (see transactions()). */
  static readonly countingStatements = SQL_TRANSACTIONS_ENV;

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.prepare();
    await this.startService(env);
  }

  /** Topics, publisher and recorder, without the service: what is published now waits for it. */
  async prepare(): Promise<void> {
    await Promise.all([this.admin.connect(), this.pg.connect()]);
    this.namespace = await createTopicNamespace(this.admin, 'pe');
    this.publisher = new EventPublisher(this.kafka, { namespace: this.namespace });
    await this.publisher.connect();
    this.recorder = await TopicRecorder.start(
      this.kafka,
      [Topics.DecisionsV1, Topics.ActionsApprovedV1, Topics.ApprovalsV1, Topics.AuditCheckpointsV1].map(
        (t) => this.namespace + t,
      ),
    );
  }

  async startService(env: Record<string, string> = {}): Promise<void> {
    this.service = new NodeProcess(MAIN, {
      POLICY_ENFORCEMENT_DB_SCHEMA: this.schema,
      POLICY_ENFORCEMENT_GROUP_ID: uniqueName('pe'),
      GOVERNOR_TOPIC_NAMESPACE: this.namespace,
      PORT_POLICY_ENFORCEMENT: String(this.port),
      GOVERNOR_JWT_SECRET: SECRET,
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      GOVERNOR_DATA_DIR: this.dataDir,
      // OpenTelemetry at its default, as deployed: nothing exported, trace context carried on.
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...env,
    });
    await this.service.waitForOutput(/ready on http/, 60_000);
    await this.waitUntil(
      async () => (await fetch(this.url('/health/ready'))).status === 200,
      30_000,
      'readiness',
    );
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.recorder?.stop();
    await this.publisher?.disconnect();
    await this.pg.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
    await this.pg.end();
    await this.admin.disconnect();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get output(): string {
    return this.service.output;
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  token(userId: string, roles: string[]): string {
    return mintToken(SECRET, userId, roles);
  }

  async call(
    method: string,
    p: string,
    user: { id: string; roles: string[] },
    body?: unknown,
  ): Promise<HttpAnswer> {
    const response = await fetch(this.url(p), {
      method,
      headers: {
        authorization: `Bearer ${this.token(user.id, user.roles)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** Publishes any contract event on a topic of this test's namespace. */
  async publish(topic: string, event: CloudEvent<unknown>): Promise<void> {
    await this.publisher.publish(topic, event);
  }

  async publishRiskProposal(
    options: RiskProposalOptions = {},
  ): Promise<ContractEvent<'risk.action-proposed.v1'>> {
    const event = this.riskProposal(options);
    await this.publisher.publish(Topics.ActionsProposedV1, event, options.headers);
    return event;
  }

  /** Risk proposals published in one request, so that the service gets them in large groups. */
  async publishRiskProposals(
    options: readonly RiskProposalOptions[],
  ): Promise<ContractEvent<'risk.action-proposed.v1'>[]> {
    const events = options.map((o) => this.riskProposal(o));
    await this.publisher.publishAll(
      events.map((event, i) => ({ topic: Topics.ActionsProposedV1, event, headers: options[i].headers })),
    );
    return events;
  }

  private riskProposal(options: RiskProposalOptions): ContractEvent<'risk.action-proposed.v1'> {
    const event = exampleEvent(EventTypes.RiskActionProposedV1);
    const actionId = options.actionId ?? `act-${randomUUID()}`;
    const actionType = options.actionType ?? event.data.actionType;
    event.id = randomUUID();
    event.subject = actionId;
    event.data = {
      ...event.data,
      actionId,
      actionType,
      // Purchase-order options override the example's order; other action types bring their own.
      parameters:
        actionType === event.data.actionType
          ? { ...event.data.parameters, ...options.parameters }
          : { ...options.parameters },
      confidence: options.confidence ?? 0.95,
      dataQuality: { score: options.dataQuality ?? 0.97, issues: [] },
    };
    return event;
  }

  /** Registers an agent (PUT /agents/{agentId}) with the public key of its test key. */
  async registerAgent(
    agentId: string,
    entry: { owner: string; scope: string[]; description?: string },
    user: { id: string; roles: string[] } = { id: 'gwen', roles: ['governance'] },
  ): Promise<HttpAnswer> {
    const answer = await this.call('PUT', `/agents/${agentId}`, user, {
      ...entry,
      publicKey: await testAgentPublicKey(agentId),
    });
    if (answer.status !== 200) throw new Error(`registering ${agentId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** Publishes an agent's proposal, signed with the agent's test key unless `signWith` says otherwise. */
  async publishAgentProposal(
    agentId: string,
    overrides: Partial<ContractEvent<'agent.action-proposed.v1'>['data']> = {},
    options: AgentProposalOptions = {},
  ): Promise<ContractEvent<'agent.action-proposed.v1'>> {
    const example = exampleEvent(EventTypes.AgentActionProposedV1);
    const actionId = overrides.actionId ?? `act-${randomUUID()}`;
    example.id = randomUUID();
    example.source = `urn:agent:${agentId}`;
    example.subject = actionId;
    example.data = { ...example.data, ...overrides, actionId, agentId };
    const event =
      options.signWith === 'unsigned' ? example : await signedProposal(example, options.signWith);
    await this.publisher.publish(Topics.AgentsProposalsV1, event);
    return event;
  }

  async publishDomainMode(domain: Domain, mode: DomainMode, triggeredBy = 'breaker'): Promise<void> {
    const event = exampleEvent(EventTypes.DomainModeChangedV1);
    event.id = randomUUID();
    event.subject = domain;
    event.data = {
      domain,
      mode,
      previousMode: 'automated',
      reason: 'test',
      triggeredBy,
      since: new Date().toISOString(),
    };
    await this.publisher.publish(Topics.DomainModesV1, event);
  }

  async publishFeedHealth(
    domain: SourceDomain,
    topic: ContractEvent<'quality.feed-health-reported.v1'>['data']['topic'],
    meanScore: number,
  ): Promise<void> {
    const event = exampleEvent(EventTypes.FeedHealthReportedV1);
    event.id = randomUUID();
    event.data = { ...event.data, domain, topic, meanScore, reportedAt: new Date().toISOString() };
    event.subject = `${event.data.feedSource}|${topic}`;
    await this.publisher.publish(Topics.FeedHealthV1, event);
  }

  /** The decision.made.v1 data for an action, once published. */
  async decision(actionId: string): Promise<ContractEvent<'decision.made.v1'>['data']> {
    return ((await this.recorded(Topics.DecisionsV1, actionId)).json as ContractEvent<'decision.made.v1'>)
      .data;
  }

  async approved(actionId: string): Promise<ContractEvent<'action.approved.v1'>> {
    return (await this.recorded(Topics.ActionsApprovedV1, actionId))
      .json as ContractEvent<'action.approved.v1'>;
  }

  /** Every action.approved.v1 recorded so far for an action. */
  approvedEvents(actionId: string): ContractEvent<'action.approved.v1'>[] {
    return this.recorder.messages
      .filter(
        (m: RecordedMessage) => m.topic === this.namespace + Topics.ActionsApprovedV1 && m.key === actionId,
      )
      .map((m) => m.json as ContractEvent<'action.approved.v1'>);
  }

  /** Every decision.made.v1 recorded so far for an action. */
  decisionEvents(actionId: string): ContractEvent<'decision.made.v1'>[] {
    return this.recorder.messages
      .filter((m: RecordedMessage) => m.topic === this.namespace + Topics.DecisionsV1 && m.key === actionId)
      .map((m) => m.json as ContractEvent<'decision.made.v1'>);
  }

  /** What each transaction of the service cost, when it was started with countingStatements. */
  transactions(): SqlTransaction[] {
    return sqlTransactionsIn(this.output);
  }

  /** Every action.approved.v1 recorded so far, of any action. */
  allApproved(): ContractEvent<'action.approved.v1'>[] {
    return this.recorder.messages
      .filter((m: RecordedMessage) => m.topic === this.namespace + Topics.ActionsApprovedV1)
      .map((m) => m.json as ContractEvent<'action.approved.v1'>);
  }

  /** Every audit.checkpoint-signed.v1 recorded so far, oldest first. */
  checkpoints(): ContractEvent<'audit.checkpoint-signed.v1'>[] {
    return this.recorder.messages
      .filter((m: RecordedMessage) => m.topic === this.namespace + Topics.AuditCheckpointsV1)
      .map((m) => m.json as ContractEvent<'audit.checkpoint-signed.v1'>);
  }

  async resolved(actionId: string): Promise<ContractEvent<'policy.approval-resolved.v1'>['data']> {
    return (
      (await this.recorded(Topics.ApprovalsV1, actionId)).json as ContractEvent<'policy.approval-resolved.v1'>
    ).data;
  }

  /** The trace id in the traceparent header of the record of `topic` about `actionId`. */
  async traceIdOf(topic: string, actionId: string): Promise<string | undefined> {
    return (await this.recorded(topic, actionId)).headers.traceparent?.split('-')[1];
  }

  /**
   * Proof of absence: proposes a later action that is approved at once and waits for its approved
   * event; the outbox publishes in order, so anything enqueued before it has been published.
   */
  async settle(): Promise<void> {
    const marker = await this.publishRiskProposal({
      actionType: 'orders.reprioritize-order',
      parameters: { orderId: 'SO-MARKER', priority: 'standard', reason: 'marker' },
    });
    await this.approved(marker.data.actionId);
    // The recorder reads partitions independently; give the others a moment to catch up.
    await new Promise((r) => setTimeout(r, 500));
  }

  async sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg.query(query.replaceAll('$schema', `"${this.schema}"`), params)).rows as T[];
  }

  async waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'a condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; service output:\n${this.output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async recorded(topic: string, actionId: string): Promise<RecordedMessage> {
    const message = await this.recorder
      .waitFor(
        (m) => m.topic === this.namespace + topic && m.key === actionId,
        20_000,
        `${topic} for ${actionId}`,
      )
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; service output:\n${this.output.slice(-4000)}`);
      });
    return message;
  }
}
