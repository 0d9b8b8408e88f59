// Kafka client security read from the environment: each bad setting named, secrets never printed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from './config-error';
import { describeKafkaSecurity, kafkaClientOptions, kafkaSecurityFromEnv, localPrincipalSecurity, readKafkaSecurity, Secret } from './kafka-security';
import { mkdirSync } from 'node:fs';
import { loadConfig } from './load-config';

const dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
const passwordFile = path.join(dir, 'password');
writeFileSync(passwordFile, 's3cret-from-file\n');

const read = (env: Record<string, string>) => loadConfig(readKafkaSecurity, env);
const problems = (env: Record<string, string>) => {
  try {
    read(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('readKafkaSecurity', () => {
  it('is anonymous and without TLS when nothing is set', () => {
    expect(read({})).toEqual({});
    expect(kafkaClientOptions(read({}))).toEqual({});
  });

  it('reads SCRAM-SHA-512 by default, the password from a file, trimmed', () => {
    const security = read({ KAFKA_SASL_USERNAME: 'data-quality', KAFKA_SASL_PASSWORD_FILE: passwordFile });
    expect(kafkaClientOptions(security)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'data-quality', password: 's3cret-from-file' } });
    expect(kafkaClientOptions(read({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'p' });
  });

  it('never prints a password: JSON, string conversion, util.inspect and the start-up line', () => {
    const security = read({ KAFKA_SASL_USERNAME: 'data-quality', KAFKA_SASL_PASSWORD: 'hunter2' });
    for (const text of [JSON.stringify(security), String(security.sasl?.password), inspect(security, { depth: 5 }), describeKafkaSecurity(security)]) {
      expect(text).not.toContain('hunter2');
    }
    expect(describeKafkaSecurity(security)).toBe('SASL scram-sha-512 as data-quality, no TLS');
    expect(new Secret('x').reveal()).toBe('x');
  });

  it('names each bad setting', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })[0]).toMatch(/^KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512/);
    expect(problems({ KAFKA_SASL_USERNAME: 'u' })).toEqual([expect.stringMatching(/^KAFKA_SASL_PASSWORD: /)]);
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SASL_PASSWORD_FILE: passwordFile })).toEqual([expect.stringMatching(/^KAFKA_SASL_PASSWORD_FILE: set KAFKA_SASL_PASSWORD or/)]);
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'missing') })).toEqual([expect.stringMatching(/^KAFKA_SASL_PASSWORD_FILE: cannot read .*ENOENT/)]);
    expect(problems({ KAFKA_SASL_PASSWORD: 'p' })).toEqual([expect.stringMatching(/^KAFKA_SASL_USERNAME: /)]);
    expect(problems({ KAFKA_SSL_CA_FILE: passwordFile })).toEqual(['KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is not true']);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: passwordFile })).toEqual([expect.stringMatching(/^KAFKA_SSL_KEY_FILE: mutual TLS needs both/)]);
  });

  it('reads TLS: the system CAs alone, or a CA and a client certificate and key', () => {
    expect(kafkaClientOptions(read({ KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
    const mutual = read({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: passwordFile, KAFKA_SSL_CERT_FILE: passwordFile, KAFKA_SSL_KEY_FILE: passwordFile });
    expect(kafkaClientOptions(mutual)).toEqual({ ssl: { ca: ['s3cret-from-file\n'], cert: 's3cret-from-file\n', key: 's3cret-from-file\n' } });
    expect(describeKafkaSecurity(mutual)).toBe('no SASL (anonymous), TLS with its own CA, client certificate');
  });
});

describe('local credentials', () => {
  const data = path.join(dir, 'data');
  mkdirSync(path.join(data, 'kafka', 'credentials'), { recursive: true });
  writeFileSync(path.join(data, 'kafka', 'credentials', 'governor-admin'), 'admin-password\n');
  const named = { GOVERNOR_DATA_DIR: data, KAFKA_SASL_USERNAME: 'governor-test', KAFKA_SASL_PASSWORD: 'test-password' };

  it("lets the environment's identity win for a tool, and takes the principal's local password otherwise", () => {
    expect(kafkaClientOptions(kafkaSecurityFromEnv('governor-admin', named)).sasl?.username).toBe('governor-test');
    expect(kafkaClientOptions(kafkaSecurityFromEnv('governor-admin', { GOVERNOR_DATA_DIR: data })).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'governor-admin', password: 'admin-password' });
    expect(kafkaSecurityFromEnv('governor-admin', { GOVERNOR_DATA_DIR: data, KAFKA_SECURITY: 'plaintext' })).toEqual({});
  });

  it("takes the principal's local password even where the environment names another identity", () => {
    expect(kafkaClientOptions(localPrincipalSecurity('governor-admin', named)).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'governor-admin', password: 'admin-password' });
  });
});
