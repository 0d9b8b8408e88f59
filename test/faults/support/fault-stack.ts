// Starting and crashing services of a GovernorStack for fault scenarios: consumer groups of their
// own (the services' default group ids are shared by every stack on the broker, so one stack's
// SIGKILL would stall another's group and a group reset would be refused while another stack is in
// it), a restart that expects the process to SIGKILL itself at a crash point, a second instance on
// its own port, and waiting for a consumer group to catch up with its topics.
import { Admin } from 'kafkajs';
import type { ServiceName } from '@governor/cli';
import { NodeProcess, uniqueName } from '@governor/testing';
import type { GovernorStack } from '../../support/governor-stack';

export const CONSUMING_SERVICES = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'resilience-monitor', 'circuit-breaker'] as const;

const envName = (service: string) => service.toUpperCase().replace(/-/g, '_');

/** Group ids no other stack uses: `<SERVICE>_GROUP_ID` for every consuming service. */
export function isolatedGroups(): { env: Record<string, string>; groupOf: (service: ServiceName) => string } {
  const tag = uniqueName('fault');
  const groupOf = (service: ServiceName) => `governor.${service}.${tag}`;
  return { env: Object.fromEntries(CONSUMING_SERVICES.map((s) => [`${envName(s)}_GROUP_ID`, groupOf(s)])), groupOf };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Restarts `service` with a crash point set and waits until the process has SIGKILLed itself
 * there; then starts it again normally. Returns the crashed process's output.
 */
export async function restartThroughCrash(stack: GovernorStack, service: ServiceName, crashEnv: Record<string, string>, timeoutMs = 60_000): Promise<string> {
  await stack.stopService(service);
  // Not awaited: the process may crash before it is ready; its readiness poll ends once the
  // normal restart below answers on the same port.
  stack.startService(service, crashEnv).catch(() => undefined);
  const crashing = stack.processes.get(service) as NodeProcess;
  const exit = await Promise.race([crashing.exited, sleep(timeoutMs).then(() => undefined)]);
  if (!exit) {
    crashing.kill('SIGKILL');
    throw new Error(`${service} never reached its crash point ${JSON.stringify(crashEnv)}:\n${crashing.output.slice(-3_000)}`);
  }
  if (exit.signal !== 'SIGKILL') throw new Error(`${service} ended with ${exit.code ?? exit.signal}, not at its crash point:\n${crashing.output.slice(-3_000)}`);
  await stack.startService(service);
  return crashing.output;
}

/** Starts a second instance of `service` on another port; returns it (stop it yourself). */
export async function secondInstance(stack: GovernorStack, service: ServiceName): Promise<NodeProcess> {
  const original = stack.processes.get(service) as NodeProcess;
  const port = stack.ports[service] + 100;
  stack.startService(service, { [`PORT_${envName(service)}`]: String(port) }).catch(() => undefined);
  const second = stack.processes.get(service) as NodeProcess;
  stack.processes.set(service, original);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ready) return second;
    if (Date.now() > deadline) throw new Error(`second ${service} not ready:\n${second.output.slice(-3_000)}`);
    await sleep(250);
  }
}

/** Waits until the group's committed offsets reach the topics' ends as they are now. */
export async function waitCaughtUp(admin: Admin, groupId: string, topics: string[], timeoutMs = 120_000): Promise<void> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}|${p.partition}`, BigInt(p.high));
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const committed = await admin.fetchOffsets({ groupId, topics });
    const behind = committed.flatMap((t) =>
      t.partitions.filter((p) => {
        const end = ends.get(`${t.topic}|${p.partition}`) ?? 0n;
        return end > 0n && (p.offset === '-1' ? 0n : BigInt(p.offset)) < end;
      }).map((p) => `${t.topic}/${p.partition}@${p.offset}`),
    );
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`group ${groupId} still behind on ${behind.join(', ')}`);
    await sleep(500);
  }
}
