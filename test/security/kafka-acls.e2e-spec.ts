// Kafka authentication and authorisation on the broker `npm test` runs (issue 20): SASL/SCRAM with
// the ACLs the topic registry implies, checked with each principal's own credentials. A service may
// not write a topic it does not own, a source system may not read what Governor approves, a wrong
// password and an anonymous client get nowhere, and `governor kafka-user add` provisions a producer
// that may write its topic and nothing else.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka as KafkaClient, logLevel, type Kafka, type KafkaConfig } from 'kafkajs';
import { localCredentialsFile, localPrincipalSecurity, Secret } from '@governor/config';
import { ProducerPrincipals, ServicePrincipals, Topics } from '@governor/contracts';
import { createKafka, kafkajsSecurity } from '@governor/messaging';
import { createTopicNamespace, testKafkaBrokers, uniqueName } from '@governor/testing';
import { grantNamespace, localPrincipalsInUse } from '../support/kafka-principals';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** A client of one principal with its local password, retrying little so that a refusal shows at once. */
function clientOf(principal: string, password?: string): Kafka {
  const security = password === undefined ? localPrincipalSecurity(principal) : { sasl: { mechanism: 'scram-sha-512' as const, username: principal, password: new Secret(password) } };
  return createKafka({ brokers: testKafkaBrokers(), clientId: `security-${principal}`, security });
}

function withoutTestIdentity(): NodeJS.ProcessEnv {
  const { KAFKA_SASL_USERNAME: _u, KAFKA_SASL_PASSWORD_FILE: _f, KAFKA_SASL_PASSWORD: _p, ...env } = process.env;
  return env;
}

/** The protocol error under a kafkajs error (a producer wraps it in KafkaJSNonRetriableError). */
function protocolType(error: unknown): string | undefined {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined; e; e = (e.cause ?? e.originalError) as typeof e) {
    if (e.type) return e.type;
  }
  return undefined;
}

async function writeOnce(kafka: Kafka, topic: string): Promise<unknown> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: '{}' }] });
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

async function readOnce(kafka: Kafka, topic: string, groupId: string): Promise<unknown> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    return await new Promise<unknown>((resolve) => {
      consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error));
      consumer.run({ eachMessage: async () => resolve(undefined) }).catch(resolve);
      setTimeout(() => resolve(undefined), 15_000);
    });
  } catch (error) {
    return error;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

async function connectAdmin(config: Partial<KafkaConfig>): Promise<unknown> {
  const admin = new KafkaClient({ brokers: testKafkaBrokers(), clientId: 'security-stranger', logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 0 }, ...config }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const describeSecured = localPrincipalsInUse() ? describe : describe.skip;

describeSecured('Kafka authentication and ACLs from the topic registry (the local broker, secured)', () => {
  let namespace: string;
  let revoke: () => Promise<void>;

  beforeAll(async () => {
    // A topic namespace granted exactly as `npm run topics` grants the registry's own topics.
    const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'security-namespace' }).admin();
    await admin.connect();
    namespace = await createTopicNamespace(admin, 'sec');
    await admin.disconnect();
    revoke = await grantNamespace(namespace);
  });

  afterAll(async () => {
    await revoke?.();
  });

  it('lets only the owner write: a service writing a topic it does not own gets TOPIC_AUTHORIZATION_FAILED', async () => {
    expect(await writeOnce(clientOf(ServicePrincipals.PolicyEnforcement), namespace + Topics.ActionsApprovedV1)).toBeUndefined();
    expect(protocolType(await writeOnce(clientOf(ServicePrincipals.DataQuality), namespace + Topics.ActionsApprovedV1))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await writeOnce(clientOf(ServicePrincipals.CircuitBreaker), namespace + Topics.DomainModesV1)).toBeUndefined();
    expect(protocolType(await writeOnce(clientOf(ServicePrincipals.PolicyEnforcement), namespace + Topics.DomainModesV1))).toBe('TOPIC_AUTHORIZATION_FAILED');
    // The registry's own topics, granted by `npm run topics`, refuse the same way.
    expect(protocolType(await writeOnce(clientOf(ServicePrincipals.DataQuality), Topics.ActionsApprovedV1))).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it("keeps a source system's principal from reading actions.approved.v1, which its reader may read", async () => {
    const refused = await readOnce(clientOf(ProducerPrincipals.Wms), namespace + Topics.ActionsApprovedV1, ProducerPrincipals.Wms);
    expect(['TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED']).toContain(protocolType(refused));
    const reader = await readOnce(clientOf(ServicePrincipals.ExecutionAdapters), namespace + Topics.ActionsApprovedV1, `governor.execution-adapters.${uniqueName('sec')}`);
    expect(reader).toBeUndefined();
    expect(await writeOnce(clientOf(ProducerPrincipals.Wms), namespace + Topics.SourceInventoryV1)).toBeUndefined();
  });

  it('refuses a wrong password, and an anonymous client cannot connect at all', async () => {
    const wrong = await connectAdmin(kafkajsSecurity({ sasl: { mechanism: 'scram-sha-512', username: ProducerPrincipals.Wms, password: new Secret('not-the-password') } }));
    expect((wrong as Error | undefined)?.name).toBe('KafkaJSSASLAuthenticationError');
    const anonymous = await connectAdmin({});
    expect(anonymous).toBeInstanceOf(Error);
    expect((anonymous as Error).name).not.toBe('KafkaJSSASLAuthenticationError');
  });

  it('provisions a producer with `governor kafka-user add`: it may write its topic and nothing else', async () => {
    const name = uniqueName('wms-eu');
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'infra/bin/governor.cjs'), 'kafka-user', 'add', name, '--produce', Topics.SourceInventoryV1], {
      env: { ...withoutTestIdentity(), GOVERNOR_TOPIC_NAMESPACE: namespace },
    });
    const lines = Object.fromEntries(stdout.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(lines.KAFKA_SASL_USERNAME).toBe(name);
    expect(lines.KAFKA_SASL_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(lines.KAFKA_SASL_PASSWORD).toBe(readFileSync(localCredentialsFile(name), 'utf8').trim());
    const user = clientOf(name, lines.KAFKA_SASL_PASSWORD);
    expect(await writeOnce(user, namespace + Topics.SourceInventoryV1)).toBeUndefined();
    expect(protocolType(await writeOnce(user, namespace + Topics.SourceOrdersV1))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(['TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED']).toContain(protocolType(await readOnce(user, namespace + Topics.ActionsApprovedV1, name)));
  });
});
