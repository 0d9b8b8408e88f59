// How a Kafka client proves who it is (docs/contract.md section 7): SASL (PLAIN, SCRAM-SHA-256 or
// SCRAM-SHA-512) and TLS, with client certificates for mutual TLS. Read once, like every setting; a
// password never reaches a log line or a metric: it is held in a Secret that prints as ***.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { EnvReader, type Env } from './env-reader';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** A value that must never be printed: JSON, string conversion and util.inspect all show ***. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '***';
  }
  toString(): string {
    return '***';
  }
  [inspect.custom](): string {
    return 'Secret(***)';
  }
}

export interface KafkaSecurity {
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: Secret };
  /** TLS to the brokers; the PEM contents of the CA and the client certificate and key, when given. */
  ssl?: { ca?: string; cert?: string; key?: Secret };
}

/** Reads KAFKA_SASL_* and KAFKA_SSL*; problems are collected on the reader, naming the variable. */
export function readKafkaSecurity(reader: EnvReader): KafkaSecurity {
  const security: KafkaSecurity = {};
  const username = reader.optionalString('KAFKA_SASL_USERNAME');
  const mechanism = reader.oneOf('KAFKA_SASL_MECHANISM', KAFKA_SASL_MECHANISMS, { default: 'scram-sha-512' });
  const password = reader.optionalString('KAFKA_SASL_PASSWORD');
  const passwordFile = reader.optionalString('KAFKA_SASL_PASSWORD_FILE');
  if (password !== undefined && passwordFile !== undefined) {
    reader.problem('KAFKA_SASL_PASSWORD_FILE', 'set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  } else if (username !== undefined) {
    const secret = password ?? (passwordFile === undefined ? undefined : readFile(reader, 'KAFKA_SASL_PASSWORD_FILE', passwordFile)?.trim());
    if (secret === undefined || secret === '') {
      if (passwordFile === undefined) reader.problem('KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME is set: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE too');
      else if (secret === '') reader.problem('KAFKA_SASL_PASSWORD_FILE', `${passwordFile} is empty`);
    } else {
      security.sasl = { mechanism, username, password: new Secret(secret) };
    }
  } else if (password !== undefined || passwordFile !== undefined) {
    reader.problem('KAFKA_SASL_USERNAME', 'a SASL password is set without a user name');
  }

  const ssl = reader.boolean('KAFKA_SSL', { default: false });
  const caFile = reader.optionalString('KAFKA_SSL_CA_FILE');
  const certFile = reader.optionalString('KAFKA_SSL_CERT_FILE');
  const keyFile = reader.optionalString('KAFKA_SSL_KEY_FILE');
  if (!ssl) {
    for (const [name, value] of [['KAFKA_SSL_CA_FILE', caFile], ['KAFKA_SSL_CERT_FILE', certFile], ['KAFKA_SSL_KEY_FILE', keyFile]] as const) {
      if (value !== undefined) reader.problem(name, 'is set but KAFKA_SSL is not true');
    }
    return security;
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    reader.problem(certFile === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE', 'mutual TLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE');
  }
  const key = keyFile === undefined ? undefined : readFile(reader, 'KAFKA_SSL_KEY_FILE', keyFile);
  security.ssl = {
    ...(caFile === undefined ? {} : { ca: readFile(reader, 'KAFKA_SSL_CA_FILE', caFile) }),
    ...(certFile === undefined ? {} : { cert: readFile(reader, 'KAFKA_SSL_CERT_FILE', certFile) }),
    ...(key === undefined ? {} : { key: new Secret(key) }),
  };
  return security;
}

/** The `sasl` and `ssl` options of a kafkajs client (structurally kafkajs's KafkaConfig); the secrets are revealed only here. */
export function kafkaClientOptions(security: KafkaSecurity): {
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
  ssl?: true | { ca?: string[]; cert?: string; key?: string };
} {
  const options: ReturnType<typeof kafkaClientOptions> = {};
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    options.sasl = { mechanism, username, password: password.reveal() };
  }
  if (security.ssl) {
    const { ca, cert, key } = security.ssl;
    options.ssl = ca || cert ? { ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key: key.reveal() } : {}) } : true;
  }
  return options;
}

/** One line for the start-up log: how the client connects, never with what secret. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const sasl = security.sasl ? `SASL ${security.sasl.mechanism} as ${security.sasl.username}` : 'no SASL (anonymous)';
  const tls = security.ssl ? `TLS${security.ssl.ca ? ' with its own CA' : ''}${security.ssl.cert ? ', client certificate' : ''}` : 'no TLS';
  return `${sasl}, ${tls}`;
}

/**
 * The security of a tool or test client: KAFKA_SASL_* and KAFKA_SSL* when set; otherwise, while the
 * local broker runs secured (KAFKA_SECURITY, or the mode infra/kafka/kafka.sh formatted it with),
 * the local credentials of `principal` (infra/.data/kafka/credentials, written at its first start).
 */
export function kafkaSecurityFromEnv(principal: string | undefined, env: Env = process.env): KafkaSecurity {
  const reader = new EnvReader(env);
  const security = readKafkaSecurity(reader);
  reader.finish(undefined);
  if (security.sasl || principal === undefined || localSecurityMode(env) === 'plaintext') return security;
  const file = localCredentialsFile(principal, env);
  if (!existsSync(file)) return security;
  return { ...security, sasl: { mechanism: 'scram-sha-512', username: principal, password: new Secret(readFileSync(file, 'utf8').trim()) } };
}

/**
 * The local broker's credentials of `principal` even where the environment names another identity
 * (KAFKA_SASL_*): for the administrator's work inside a tool or test that itself connects as someone else.
 */
export function localPrincipalSecurity(principal: string, env: Env = process.env): KafkaSecurity {
  const { KAFKA_SASL_USERNAME: _user, KAFKA_SASL_PASSWORD: _password, KAFKA_SASL_PASSWORD_FILE: _file, ...rest } = env;
  return kafkaSecurityFromEnv(principal, rest);
}

/** `scram` or `plaintext`: KAFKA_SECURITY, else what the local broker was formatted with, else scram. */
export function localSecurityMode(env: Env = process.env): string {
  if (env.KAFKA_SECURITY) return env.KAFKA_SECURITY;
  const file = path.join(localDataDir(env), 'kafka', 'security.mode');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'scram';
}

/** Where the local broker keeps the password of `principal`. */
export function localCredentialsFile(principal: string, env: Env = process.env): string {
  return path.join(localDataDir(env), 'kafka', 'credentials', principal);
}

/** infra/.data of the checkout (or GOVERNOR_DATA_DIR), found upwards from here so it works from src/ and dist/. */
export function localDataDir(env: Env = process.env): string {
  if (env.GOVERNOR_DATA_DIR) return path.resolve(env.GOVERNOR_DATA_DIR);
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'infra', 'kafka', 'kafka.sh'))) return path.join(dir, 'infra', '.data');
  }
  return path.resolve('infra', '.data');
}

function readFile(reader: EnvReader, name: string, file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    reader.problem(name, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return undefined;
  }
}
