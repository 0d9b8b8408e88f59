// Starting and crashing services of a GovernorStack for fault scenarios: consumer groups of their
// own (the services' default group ids are shared by every stack on the broker, so one stack's
// SIGKILL would stall another's group and a group reset would be refused while another stack is in
// it), a restart that expects the process to SIGKILL itself at a crash point, a second instance on
// its own port, and waiting for a consumer group to catch up with its topics.
import { Admin } from 'kafkajs';
import { DEFAULT_PORTS, type ServiceName } from '@governor/cli';
import { NodeProcess, uniqueName } from '@governor/testing';
import { GovernorStack, type StackOptions } from '../../support/governor-stack';

/** How long a (re)started service may take to answer ready: a SIGKILLed member holds its group
 * for a session timeout (30 s) before the new one can join, and a loaded 2-core machine is slow. */
export const READY_TIMEOUT_MS = 180_000;

export const CONSUMING_SERVICES = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'resilience-monitor', 'circuit-breaker'] as const;

const envName = (service: string) => service.toUpperCase().replace(/-/g, '_');

/** Group ids no other stack uses: `<SERVICE>_GROUP_ID` for every consuming service. */
export function isolatedGroups(): { env: Record<string, string>; groupOf: (service: ServiceName) => string } {
  const tag = uniqueName('fault');
  const groupOf = (service: ServiceName) => `governor.${service}.${tag}`;
  return { env: Object.fromEntries(CONSUMING_SERVICES.map((s) => [`${envName(s)}_GROUP_ID`, groupOf(s)])), groupOf };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a service and waits up to READY_TIMEOUT_MS (GovernorStack.startService waits 60 s). */
export async function startService(stack: GovernorStack, service: ServiceName, env: Record<string, string> = {}): Promise<NodeProcess> {
  stack.startService(service, env).catch(() => undefined);
  const child = stack.processes.get(service) as NodeProcess;
  await stack.waitReady(service, child, READY_TIMEOUT_MS);
  return child;
}

/**
 * A GovernorStack whose services are started here, so that a slow start does not leave processes
 * behind: the stack is returned to the caller's `onStack` before any service starts, for afterAll.
 */
export async function startStack(options: StackOptions, onStack: (stack: GovernorStack) => void): Promise<GovernorStack> {
  const stack = await GovernorStack.start({ ...options, services: [] });
  onStack(stack);
  await Promise.all((Object.keys(DEFAULT_PORTS) as ServiceName[]).map((s) => startService(stack, s)));
  return stack;
}

/**
 * Restarts `service` with a crash point set and waits until the process has SIGKILLed itself
 * there; then starts it again normally. Returns the crashed process's output.
 */
export async function restartThroughCrash(stack: GovernorStack, service: ServiceName, crashEnv: Record<string, string>, timeoutMs = READY_TIMEOUT_MS): Promise<string> {
  await stack.stopService(service);
  // Not awaited: the process may crash before it is ready; its readiness poll ends once the
  // normal restart below answers on the same port.
  stack.startService(service, crashEnv).catch(() => undefined);
  const crashing = stack.processes.get(service) as NodeProcess;
  const exit = await Promise.race([crashing.exited, sleep(timeoutMs).then(() => undefined)]);
  if (!exit) {
    crashing.kill('SIGKILL');
    await crashing.exited;
    await startService(stack, service);
    throw new Error(`${service} never reached its crash point ${JSON.stringify(crashEnv)}:\n${crashing.output.slice(-3_000)}`);
  }
  if (exit.signal !== 'SIGKILL') {
    await startService(stack, service);
    throw new Error(`${service} ended with ${exit.code ?? exit.signal}, not at its crash point:\n${crashing.output.slice(-3_000)}`);
  }
  await startService(stack, service);
  return crashing.output;
}

/** Starts a second instance of `service` on another port; returns it (stop it yourself, or the stack does). */
export async function secondInstance(stack: GovernorStack, service: ServiceName): Promise<NodeProcess> {
  return (await stack.startInstance(service, READY_TIMEOUT_MS)).process;
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
