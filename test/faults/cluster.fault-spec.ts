// Issue 25: Governor on the three-broker cluster (infra/kafka/kafka.sh cluster), its topics with
// three replicas and min.insync.replicas=2. One broker, the leader of partitions the pipeline
// writes, is SIGKILLed mid-stream while events keep coming, then started again: the leaders move
// to the other two and, once it is back, move back to it; the pipeline pauses for a while and goes
// on (the pause is reported); and the whole history holds (nothing lost, nothing executed twice).
// The cluster has ports, data and processes of its own: the single broker the other tests use is
// never touched. It is started here when not running, and stopped again if this file started it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ActionTypes, DomainModes, SOURCE_DOMAIN_VALUES, Topics, ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { testAgentPublicKey } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { EventStream } from './support/event-stream';
import { FaultHistory, longestGap } from './support/fault-history';
import { isolatedGroups, sleep, startStack } from './support/fault-stack';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const KAFKA_SH = path.join(ROOT, 'infra/kafka/kafka.sh');
const CREDENTIALS = path.join(process.env.GOVERNOR_DATA_DIR ?? path.join(ROOT, 'infra/.data'), 'kafka/credentials');
const AGENT = 'cluster-replenisher';
const cluster = (...args: string[]) => execFileSync('bash', [KAFKA_SH, 'cluster', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KAFKA_BROKERS: '' } }).trim();

/** Waits until `broker` lets the test principal read a registry topic's metadata. */
async function authorizedOn(broker: string): Promise<void> {
  const admin = createKafka({ brokers: [broker], clientId: 'cluster-acl-check', principal: ToolPrincipals.Test }).admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.fetchTopicMetadata({ topics: [Topics.DecisionsV1] });
        return;
      } catch (error) {
        if (attempt >= 60) throw error;
        await sleep(500);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

describe('the three-broker cluster: one broker SIGKILLed mid-stream and started again', () => {
  const previousBrokers = process.env.KAFKA_BROKERS;
  let startedCluster = false;
  let killed: number | undefined;
  let stack: GovernorStack;
  let history: FaultHistory;
  let stream: EventStream;

  beforeAll(async () => {
    let running = true;
    try {
      cluster('status');
    } catch {
      running = false;
    }
    const brokers = running ? cluster('brokers') : cluster('start').split('\n').pop();
    startedCluster = !running;
    process.env.KAFKA_BROKERS = brokers;
    // The registry's topics and ACLs on the cluster, as `npm run topics` makes them (as the
    // administrator, three replicas): a fresh cluster has no ACL for the test principal yet.
    execFileSync(process.execPath, [path.join(ROOT, 'dist/libs/messaging/src/cli/create-topics.js')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, KAFKA_BROKERS: brokers, KAFKA_REPLICATION_FACTOR: '3', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'governor-admin', KAFKA_SASL_PASSWORD_FILE: path.join(CREDENTIALS, 'governor-admin') },
    });
    // New ACLs reach each broker through the metadata log a moment later: wait until every broker
    // lets the test principal see a topic.
    for (const broker of (brokers ?? '').split(',')) await authorizedOn(broker);
    stack = await startStack({ env: isolatedGroups().env, replicationFactor: 3 }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${AGENT}`, { owner: 'u-alice', scope: [ActionTypes.CreatePurchaseOrder], description: 'cluster fault test', publicKey: await testAgentPublicKey(AGENT) });
    for (const domain of SOURCE_DOMAIN_VALUES) {
      await stack.api.as('u-operator', ['operator']).call('circuit-breaker', 'POST', `/domains/${domain}/override`, { mode: DomainModes.Automated, reason: 'cluster fault test' });
    }
    stream = new EventStream(history, AGENT);
  });

  afterAll(async () => {
    if (killed !== undefined) cluster('start-node', String(killed));
    await stream?.stop();
    await history?.stop();
    await stack?.stop();
    if (startedCluster) cluster('stop');
    process.env.KAFKA_BROKERS = previousBrokers;
  });

  it('moves the leaders away and back, pauses, and loses or repeats nothing', async () => {
    const admin = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'cluster-fault', principal: ToolPrincipals.Test }).admin();
    await admin.connect();
    const decisions = stack.namespace + Topics.DecisionsV1;
    // The admin's own connection may be to the broker killed: ask again (kafkajs reconnects).
    const leaders = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: [decisions] });
          return topics[0].partitions.map((p) => ({ partition: p.partitionId, leader: p.leader, preferred: p.replicas[0], isr: p.isr }));
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(1_000);
        }
      }
    };
    try {
      const before = await leaders();
      for (const p of before) expect(p.isr).toHaveLength(3);
      // The broker that leads a partition as its preferred replica: the one leadership returns to.
      const victim = (before.find((p) => p.leader === p.preferred) ?? before[0]).leader;
      const led = before.filter((p) => p.leader === victim && p.preferred === victim).map((p) => p.partition);
      expect(led.length).toBeGreaterThan(0);

      stream.start();
      await sleep(5_000);
      const killedAt = Date.now();
      cluster('kill', String(victim));
      killed = victim;
      // The controller hands the victim's partitions to the two left.
      let during = await leaders();
      for (let i = 0; i < 60 && during.some((p) => led.includes(p.partition) && p.leader === victim); i++) {
        await sleep(1_000);
        during = await leaders();
      }
      expect(during.filter((p) => led.includes(p.partition)).map((p) => p.leader)).not.toContain(victim);
      await sleep(15_000);
      cluster('start-node', String(victim));
      killed = undefined;
      // Back in sync, then the preferred leader again (leader.imbalance.check.interval.seconds=10).
      let after = await leaders();
      for (let i = 0; i < 90 && after.some((p) => led.includes(p.partition) && p.leader !== victim); i++) {
        await sleep(1_000);
        after = await leaders();
      }
      expect(after.filter((p) => led.includes(p.partition)).map((p) => p.leader)).toEqual(led.map(() => victim));
      await sleep(3_000);
      await stream.stop();

      // Every record in before the gaps are measured: the recorder reads through the same cluster.
      await history.settleAndVerify(240_000);
      const pause = longestGap(history.recorded.decisions.messages.map((m) => m.timestamp), killedAt - 1_000);
      process.stdout.write(`cluster: broker ${victim} killed (it led ${led.length} of ${before.length} partitions of ${Topics.DecisionsV1}); the longest gap between decisions after the kill was ${(pause / 1000).toFixed(1)} s; stream publish failures ${stream.failures}\n`);
      // The pipeline went on deciding after the kill.
      expect(history.recorded.decisions.messages.filter((m) => m.timestamp > killedAt).length).toBeGreaterThan(1);
    } finally {
      await admin.disconnect();
    }
  });
});
