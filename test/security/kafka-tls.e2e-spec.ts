// TLS to Kafka (issue 20, item 2): a broker of its own with a SASL_SSL listener whose certificate
// comes from a CA this test makes, and client certificates required (mutual TLS). A client with
// KAFKA_SSL=true, the CA, its certificate and key and its SCRAM password produces and consumes; one
// without a client certificate, or that does not trust the CA, gets nowhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, readKafkaSecurity } from '@governor/config';
import { ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { OwnBroker } from '../support/own-broker';

jest.setTimeout(180_000);


function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA, a broker certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(dir: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=governor-test-ca'], dir);
  for (const [name, subject, san] of [['broker', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], ['client', '/CN=governor-test-client', 'extendedKeyUsage=clientAuth']] as const) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    writeFileSync(path.join(dir, `${name}.ext`), `${san}\n`);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
  }
  // Kafka's PEM key store: the private key (PKCS#8, unencrypted) and the certificate chain in one file.
  writeFileSync(path.join(dir, 'broker-keystore.pem'), readFileSync(path.join(dir, 'broker.key'), 'utf8') + readFileSync(path.join(dir, 'broker.pem'), 'utf8'));
}

describe('Kafka over mutual TLS with a CA the test makes (a broker of its own)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'governor-kafka-tls-'));
  let broker: OwnBroker;
  let tlsBroker: string[];

  /** A client's security as the service settings give it. */
  const security = (settings: Record<string, string>) =>
    loadConfig(readKafkaSecurity, {
      KAFKA_SASL_USERNAME: ToolPrincipals.Admin,
      KAFKA_SASL_PASSWORD_FILE: broker.credentialsFile(ToolPrincipals.Admin),
      KAFKA_SSL: 'true',
      ...settings,
    });

  beforeAll(() => {
    makeCertificates(dir);
    broker = OwnBroker.start({
      security: 'scram',
      heap: '-Xms128m -Xmx320m',
      env: ({ spare }) => ({
        KAFKA_SSL_PORT: String(spare),
        KAFKA_SSL_KEYSTORE_PEM: path.join(dir, 'broker-keystore.pem'),
        KAFKA_SSL_TRUSTSTORE_PEM: path.join(dir, 'ca.pem'),
      }),
    });
    tlsBroker = [`127.0.0.1:${broker.spare}`];
  });

  afterAll(() => {
    broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces and consumes with KAFKA_SSL, the CA, a client certificate and SCRAM', async () => {
    const kafka = createKafka({
      brokers: tlsBroker,
      clientId: 'tls-test',
      security: security({ KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem'), KAFKA_SSL_CERT_FILE: path.join(dir, 'client.pem'), KAFKA_SSL_KEY_FILE: path.join(dir, 'client.key') }),
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'tls-check', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'tls-check', messages: [{ key: 'k', value: 'over TLS' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'tls-check' });
    await consumer.connect();
    await consumer.subscribe({ topics: ['tls-check'], fromBeginning: true });
    const value = await new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }));
    await consumer.disconnect();
    expect(value).toBe('over TLS');
  });

  it('refuses a client without a certificate, and a client that does not trust the CA refuses the broker', async () => {
    const strangers: Record<string, string>[] = [{ KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem') }, { KAFKA_SSL_CERT_FILE: path.join(dir, 'client.pem'), KAFKA_SSL_KEY_FILE: path.join(dir, 'client.key') }];
    for (const settings of strangers) {
      const admin = createKafka({ brokers: tlsBroker, clientId: 'tls-stranger', security: security(settings) }).admin();
      await expect(admin.connect()).rejects.toThrow();
      await admin.disconnect().catch(() => undefined);
    }
  });
});
