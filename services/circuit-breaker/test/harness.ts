// Test harness: starts the compiled resilience-monitor and circuit-breaker as processes against
// real Kafka and Postgres, under a fresh topic namespace and fresh schemas, and talks to them.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { TOPIC_REGISTRY } from '@governor/contracts';
import { NodeProcess, testDatabaseUrl, testKafkaBrokers } from '@governor/testing';

export const SECRET = 'breaker-test-secret';
const DIST = path.resolve(__dirname, '../../../dist/services');

export function servicePath(service: 'circuit-breaker' | 'resilience-monitor'): string {
  const script = path.join(DIST, service, 'src/main.js');
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: build first (npx tsc -p services/${service}/tsconfig.json && npx tsc-alias -p services/${service}/tsconfig.json)`);
  }
  return script;
}

/** A port unlikely to be taken by another test running at the same time. */
export function freePort(): number {
  return 20_000 + Math.floor(Math.random() * 20_000);
}

export function commonEnv(namespace: string): Record<string, string> {
  return {
    GOVERNOR_TOPIC_NAMESPACE: namespace,
    GOVERNOR_JWT_SECRET: SECRET,
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    OTEL_SDK_DISABLED: 'true',
  };
}

/** Starts a service and waits until it is ready (its consumer joined its group). */
export async function startService(script: string, env: Record<string, string>, port: number): Promise<NodeProcess> {
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

export async function api<T>(
  port: number,
  method: 'GET' | 'POST',
  pathname: string,
  user: { id: string; roles: string[] } | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user) headers.authorization = `Bearer ${mintToken(SECRET, user.id, user.roles)}`;
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

/** Deletes the test's topics, so runs do not pile up partitions on the shared broker. */
export async function deleteNamespace(admin: Admin, namespace: string): Promise<void> {
  await admin.deleteTopics({ topics: TOPIC_REGISTRY.map((spec) => namespace + spec.name) }).catch(() => undefined);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
