// `governor kafka-user add NAME --produce TOPIC... --consume TOPIC...` (docs/contract.md section 7):
// provisions a new source system, agent or downstream consumer on the local secured broker: a SCRAM
// user with a generated password (infra/kafka/kafka.sh add-user), and least-privilege ACLs (write
// the topics it produces, read the topics it consumes, in consumer groups whose id starts with NAME).
// Prints the lines the new producer puts in its environment.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { localCredentialsFile, localPrincipalSecurity } from '@governor/config';
import { topicSpec, ToolPrincipals, userAcls, type AclBinding } from '@governor/contracts';
import { applyAcls, createKafka } from '@governor/messaging';

export interface KafkaUserRequest {
  name: string;
  produce: string[];
  consume: string[];
}

/** The request of `add NAME --produce A B --consume C`, checked: a usable name, and every topic one of the registry's. */
export function kafkaUserRequest(name: string, produce: readonly string[] = [], consume: readonly string[] = []): KafkaUserRequest {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`a Kafka user name may hold only letters, digits, ".", "_" and "-": ${name}`);
  const unknown = [...produce, ...consume].find((topic) => !topicSpec(topic));
  if (unknown !== undefined) throw new Error(`${unknown} is not a topic of the registry`);
  if (produce.length + consume.length === 0) throw new Error('give at least one topic with --produce or --consume');
  return { name, produce: [...produce], consume: [...consume] };
}

/** The ACLs of the request, on the topic namespace of this installation. */
export function kafkaUserAcls(request: KafkaUserRequest, namespace = ''): AclBinding[] {
  return userAcls(request.name, request.produce.map((t) => namespace + t), request.consume.map((t) => namespace + t));
}

export async function addKafkaUser(request: KafkaUserRequest, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const adminPassword = localCredentialsFile(ToolPrincipals.Admin, env);
  if (!existsSync(adminPassword)) {
    throw new Error(
      `no local broker credentials at ${path.dirname(adminPassword)}: kafka-user add provisions users on the broker that npm start runs secured; on another cluster create the SCRAM user with its own tools and these ACLs: ${JSON.stringify(kafkaUserAcls(request))}`,
    );
  }
  execFileSync('bash', [kafkaScript(), 'add-user', request.name], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const admin = createKafka({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'governor-cli-kafka-user',
    security: localPrincipalSecurity(ToolPrincipals.Admin, env),
  }).admin();
  await admin.connect();
  try {
    await applyAcls(admin, kafkaUserAcls(request, env.GOVERNOR_TOPIC_NAMESPACE ?? ''));
  } finally {
    await admin.disconnect();
  }
  const password = readFileSync(localCredentialsFile(request.name, env), 'utf8').trim();
  process.stderr.write(
    `Kafka user ${request.name}: may write ${request.produce.join(', ') || 'nothing'}; may read ${request.consume.join(', ') || 'nothing'}${request.consume.length ? ` in consumer groups starting with ${request.name}` : ''}\n`,
  );
  return [`KAFKA_SASL_MECHANISM=scram-sha-512`, `KAFKA_SASL_USERNAME=${request.name}`, `KAFKA_SASL_PASSWORD=${password}`].join('\n');
}

function kafkaScript(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const script = path.join(dir, 'infra', 'kafka', 'kafka.sh');
    if (existsSync(script)) return script;
  }
  throw new Error('infra/kafka/kafka.sh not found above the CLI');
}
