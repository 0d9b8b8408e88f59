// Helpers for tests that start one compiled service as a process and talk to it over HTTP, under a
// fresh topic namespace and schema, and clean up after it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { TOPIC_REGISTRY } from '@governor/contracts';
import { NodeProcess } from './child-process';
import { testDatabaseUrl, testKafkaBrokers } from './environment';

const DIST = path.resolve(__dirname, '../../../dist/services');

/** The compiled entry point of a service, or an error that says how to build it. */
export function compiledService(service: string): string {
  const script = path.join(DIST, service, 'src/main.js');
  if (!existsSync(script)) {
    throw new Error(
      `${script} is missing: build first (npx tsc -p services/${service}/tsconfig.json && npx tsc-alias -p services/${service}/tsconfig.json)`,
    );
  }
  return script;
}

// Below Linux's ephemeral range (32768-60999 by default), where the kernel picks the local ports of
// outgoing connections: a service told to listen there can find its port taken by a client socket.
const PORTS_FROM = 20_000;
const PORTS_TO = 32_000;

/** A port unlikely to be taken by another test running at the same time, and not listened on now. */
export function freePort(): number {
  const taken = listeningPorts();
  for (;;) {
    const port = PORTS_FROM + Math.floor(Math.random() * (PORTS_TO - PORTS_FROM));
    if (!taken.has(port)) return port;
  }
}

/** The first of `count` consecutive ports unlikely to be taken (blocks of ten), none listened on now. */
export function freePortBlock(count: number): number {
  const taken = listeningPorts();
  const blocks = Math.floor((PORTS_TO - PORTS_FROM - count) / 10);
  for (;;) {
    const first = PORTS_FROM + Math.floor(Math.random() * blocks) * 10;
    if (!Array.from({ length: count }, (_, i) => first + i).some((port) => taken.has(port))) return first;
  }
}

/**
 * The TCP ports something listens on now (Linux's /proc/net/tcp and tcp6; empty elsewhere): the
 * range above is free of the kernel's ephemeral ports, not of other servers (RabbitMQ's 25672, say).
 */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      // sl local_address rem_address st ...: the local port in hex after the colon, state 0A = LISTEN.
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local) ports.add(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

/** The environment every service under test needs: its namespace, token secret, Kafka and Postgres. */
export function serviceTestEnv(namespace: string, jwtSecret: string): Record<string, string> {
  return {
    GOVERNOR_TOPIC_NAMESPACE: namespace,
    GOVERNOR_JWT_SECRET: jwtSecret,
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    OTEL_SDK_DISABLED: 'true',
  };
}

/** Starts a service and waits until it is ready (its consumer joined its group). */
export async function startServiceProcess(script: string, env: Record<string, string>, port: number): Promise<NodeProcess> {
  const child = new NodeProcess(script, env);
  try {
    await child.waitForOutput(/ready on http/, 60_000);
    const deadline = Date.now() + 60_000;
    while ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`not ready in time; output:\n${child.output}`);
      await sleep(200);
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  return child;
}

/** Calls a service's API as `user` (a token minted with `jwtSecret`), or without a token. */
export async function callServiceApi<T>(
  port: number,
  method: 'GET' | 'POST' | 'PUT',
  pathname: string,
  user: { id: string; roles: string[]; jwtSecret: string } | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user) headers.authorization = `Bearer ${mintToken(user.jwtSecret, user.id, user.roles)}`;
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function dropSchemas(...schemas: string[]): Promise<void> {
  const pg = new Client({ connectionString: testDatabaseUrl() });
  await pg.connect();
  for (const schema of schemas) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pg.end();
}

/** Deletes a test's namespaced topics, so runs do not pile up partitions on the shared broker. */
export async function deleteTopicNamespace(admin: Admin, namespace: string): Promise<void> {
  await admin.deleteTopics({ topics: TOPIC_REGISTRY.map((spec) => namespace + spec.name) }).catch(() => undefined);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
