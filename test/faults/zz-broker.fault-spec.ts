// Issue 8 scenario 4: the local Kafka broker SIGKILLed mid-stream and started again. Every service
// must turn not-ready while the broker is away (none stays up but stuck) and, once it is back,
// either reconnect by itself or exit non-zero so that a supervisor restarts it (played here by the
// test); then the whole history is checked. It kills the broker every test on this machine uses,
// so it runs only against the broker infra/kafka/kafka.sh started (infra/.data/kafka/kafka.pid),
// restarts it before it ends whatever happens, and is its own file, named to sort last.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ActionTypes, DomainModes, SOURCE_DOMAIN_VALUES } from '@governor/contracts';
import type { ServiceName } from '@governor/cli';
import { testAgentPublicKey, testKafkaBrokers } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { EventStream } from './support/event-stream';
import { FaultHistory } from './support/fault-history';
import { CONSUMING_SERVICES, isolatedGroups, sleep, startService, startStack } from './support/fault-stack';

jest.setTimeout(420_000);

const ROOT = path.resolve(__dirname, '../..');
const PID_FILE = path.join(ROOT, 'infra/.data/kafka/kafka.pid');
const AGENT = 'fault-replenisher';

function localBrokerPid(): number {
  if (testKafkaBrokers().join(',') !== '127.0.0.1:9092') throw new Error(`KAFKA_BROKERS is ${testKafkaBrokers().join(',')}: not the local broker, which alone this test may kill`);
  if (!existsSync(PID_FILE)) throw new Error(`no ${PID_FILE}: the broker was not started by infra/kafka/kafka.sh, so this test will not kill it`);
  return Number(readFileSync(PID_FILE, 'utf8').trim());
}

/** The broker's process and its children (the pid file names the setsid shell that runs java). */
function killBroker(pid: number): void {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    // pgrep exits 1 when there are none: java runs as the pid itself
  }
  for (const child of children) process.kill(child, 'SIGKILL');
  process.kill(pid, 'SIGKILL');
}

function startBroker(): void {
  execFileSync('bash', [path.join(ROOT, 'infra/kafka/kafka.sh'), 'start'], { stdio: 'inherit', env: { ...process.env, KAFKA_BROKERS: '' } });
}

const ready = (stack: GovernorStack, service: ServiceName) =>
  fetch(`${stack.url(service)}/health/ready`, { signal: AbortSignal.timeout(1_000) })
    .then((r) => r.status === 200)
    .catch(() => false);

describe('the Kafka broker SIGKILLed mid-stream and started again', () => {
  let stack: GovernorStack;
  let history: FaultHistory;
  let stream: EventStream;
  let brokerKilled = false;

  beforeAll(async () => {
    localBrokerPid();
    stack = await startStack({ env: isolatedGroups().env }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${AGENT}`, { owner: 'u-alice', scope: [ActionTypes.CreatePurchaseOrder], description: 'fault suite', publicKey: await testAgentPublicKey(AGENT) });
    for (const domain of SOURCE_DOMAIN_VALUES) {
      await stack.api.as('u-operator', ['operator']).call('circuit-breaker', 'POST', `/domains/${domain}/override`, { mode: DomainModes.Automated, reason: 'fault suite' });
    }
    stream = new EventStream(history, AGENT);
  });

  afterAll(async () => {
    if (brokerKilled) {
      try {
        startBroker();
      } catch {
        // already running again
      }
    }
    await stream?.stop();
    await history?.stop();
    await stack?.stop();
  });

  it('turns every consuming service not-ready while the broker is away, and all of them process again after it is back', async () => {
    // Source events and proposals before and after the outage; none during it (publishing would fail).
    await stream.around(() => sleep(2_000));
    killBroker(localBrokerPid());
    brokerKilled = true;
    const notReady = new Set<ServiceName>();
    const deadline = Date.now() + 60_000;
    while (notReady.size < CONSUMING_SERVICES.length && Date.now() < deadline) {
      for (const service of CONSUMING_SERVICES) if (!(await ready(stack, service))) notReady.add(service);
      await sleep(500);
    }
    expect([...notReady].sort()).toEqual([...CONSUMING_SERVICES].sort());

    startBroker();
    brokerKilled = false;
    // The supervisor's part: whoever exited (non-zero) is started again; nobody may stay up and stuck.
    const recovered: Record<string, string> = {};
    const recoverBy = Date.now() + 120_000;
    for (const service of CONSUMING_SERVICES) {
      const child = stack.processes.get(service);
      for (;;) {
        if (await ready(stack, service)) {
          recovered[service] ??= 'reconnected';
          break;
        }
        const exit = await Promise.race([child?.exited, sleep(10).then(() => undefined)]);
        if (exit && recovered[service] === undefined) {
          expect(exit.code === 0 && exit.signal === null).toBe(false);
          recovered[service] = `exited ${exit.code ?? exit.signal}, restarted`;
          await startService(stack, service);
          break;
        }
        if (Date.now() > recoverBy) throw new Error(`${service} stayed up but not ready after the broker came back:\n${child?.output.slice(-3_000)}`);
        await sleep(500);
      }
    }
    process.stdout.write(`after the broker came back: ${JSON.stringify(recovered)}\n`);
    await stream.around(() => sleep(3_000));
    await history.settleAndVerify(180_000);
  });
});
