// Issue 25: two instances of policy-enforcement and two of execution-adapters in their groups, and
// one instance of each SIGKILLed mid-stream while events keep coming. Its partitions wait for the
// group's session timeout, then the survivor takes them; the test reports how long decisions and
// executions paused, and the whole history holds (nothing lost, nothing executed twice).
import type { Admin } from 'kafkajs';
import { ActionTypes, DomainModes, SOURCE_DOMAIN_VALUES } from '@governor/contracts';
import { testAgentPublicKey } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { EventStream } from './support/event-stream';
import { eventually, FaultHistory, longestGap } from './support/fault-history';
import { isolatedGroups, secondInstance, sleep, startStack } from './support/fault-stack';

jest.setTimeout(420_000);

const AGENT = 'instances-replenisher';

describe('two instances of policy-enforcement and execution-adapters, one of each SIGKILLed mid-stream', () => {
  const groups = isolatedGroups();
  let stack: GovernorStack;
  let history: FaultHistory;
  let stream: EventStream;
  let admin: Admin;

  beforeAll(async () => {
    stack = await startStack({ env: { ...groups.env, EXECUTION_ADAPTERS_ERP_TIMEOUT_MS: '1000', EXECUTION_ADAPTERS_SESSION_TIMEOUT_MS: '10000', EXECUTION_ADAPTERS_LEASE_MS: '6000' } }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
    admin = stack.kafka.admin();
    await admin.connect();
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${AGENT}`, { owner: 'u-alice', scope: [ActionTypes.CreatePurchaseOrder], description: 'instances fault test', publicKey: await testAgentPublicKey(AGENT) });
    for (const domain of SOURCE_DOMAIN_VALUES) {
      await stack.api.as('u-operator', ['operator']).call('circuit-breaker', 'POST', `/domains/${domain}/override`, { mode: DomainModes.Automated, reason: 'instances fault test' });
    }
    stream = new EventStream(history, AGENT);
  });

  afterAll(async () => {
    await stream?.stop();
    await admin?.disconnect();
    await history?.stop();
    await stack?.stop();
  });

  const members = async (service: 'policy-enforcement' | 'execution-adapters') => {
    const group = (await admin.describeGroups([groups.groupOf(service)])).groups[0];
    return group.state === 'Stable' ? group.members.length : 0;
  };

  it('pauses while the group notices, then the survivor carries on with nothing lost or repeated', async () => {
    stream.start();
    const [pe2, ea2] = await Promise.all([secondInstance(stack, 'policy-enforcement'), secondInstance(stack, 'execution-adapters')]);
    for (const service of ['policy-enforcement', 'execution-adapters'] as const) {
      await eventually(async () => ((await members(service)) === 2 ? true : undefined), 120_000, `${service}: a group of two`, stack);
    }
    await sleep(5_000);
    const killedAt = Date.now();
    pe2.kill('SIGKILL');
    ea2.kill('SIGKILL');
    await Promise.all([pe2.exited, ea2.exited]);
    // The group drops the dead members after their session and gives the survivor their partitions.
    for (const service of ['policy-enforcement', 'execution-adapters'] as const) {
      await eventually(async () => ((await members(service)) === 1 ? true : undefined), 120_000, `${service}: back to one member`, stack);
    }
    await sleep(5_000);
    await stream.stop();
    await history.settleAndVerify(240_000);

    const decisions = longestGap(history.recorded.decisions.messages.map((m) => m.timestamp), killedAt - 1_000);
    const outcomes = longestGap(history.recorded.outcomes.messages.map((m) => m.timestamp), killedAt - 1_000);
    process.stdout.write(`instances: one of two policy-enforcement and one of two execution-adapters SIGKILLed; longest gap after it: decisions ${(decisions / 1000).toFixed(1)} s, executions ${(outcomes / 1000).toFixed(1)} s\n`);
    expect(history.recorded.decisions.messages.some((m) => m.timestamp > killedAt)).toBe(true);
    expect(history.recorded.outcomes.messages.some((m) => m.timestamp > killedAt)).toBe(true);
  });
});
