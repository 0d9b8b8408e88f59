// Issue 8 scenario 5 against the whole of Governor as processes: every Postgres connection of the
// stack's database killed mid-transaction (pg_terminate_backend) several times during a stream,
// then the database unreachable for 30 seconds (connections refused: ALLOW_CONNECTIONS false and
// every backend terminated; the shared server itself cannot be stopped under other tests).
// Transactions roll back and are retried, nothing is dead-lettered for it, no service crashes, and
// processing resumes: every source event scored once, every auto-approved order executed once.
import { Client } from 'pg';
import { ActionTypes, DomainModes, SOURCE_DOMAIN_VALUES } from '@governor/contracts';
import { testAgentPublicKey, testDatabaseUrl } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';
import { EventStream } from './support/event-stream';
import { eventually, FaultHistory } from './support/fault-history';
import { isolatedGroups, sleep, startStack } from './support/fault-stack';

jest.setTimeout(300_000);

const AGENT = 'fault-replenisher';
const OUTAGE_SECONDS = 30;

describe('Postgres faults (all services as processes)', () => {
  let stack: GovernorStack;
  let history: FaultHistory;
  let feeds: SteadyFeeds;
  let stream: EventStream;
  let server: Client;
  let database: string;

  beforeAll(async () => {
    stack = await startStack({ env: isolatedGroups().env }, (s) => (stack = s));
    database = new URL(stack.databaseUrl).pathname.slice(1);
    history = await FaultHistory.start(stack);
    server = new Client({ connectionString: testDatabaseUrl() });
    await server.connect();
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${AGENT}`, { owner: 'u-alice', scope: [ActionTypes.CreatePurchaseOrder], description: 'fault suite', publicKey: await testAgentPublicKey(AGENT) });
    for (const domain of SOURCE_DOMAIN_VALUES) {
      await stack.api.as('u-operator', ['operator']).call('circuit-breaker', 'POST', `/domains/${domain}/override`, { mode: DomainModes.Automated, reason: 'fault suite' });
    }
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    stream = new EventStream(history, AGENT);
    await sleep(4_000);
  });

  afterAll(async () => {
    await stream?.stop();
    await feeds?.stop();
    await server?.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await server?.end();
    await history?.stop();
    await stack?.stop();
  });

  const terminateAll = async () =>
    (await server.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])).rowCount ?? 0;

  async function verifyNothingDeadLettered(): Promise<void> {
    const executedBefore = history.mustExecute.size;
    await history.settleAndVerify(180_000);
    expect(history.mustExecute.size).toBeGreaterThan(executedBefore);
    // No poison was published: the check above fails on any dead letter of an input topic; the
    // services' own topics must have none either.
    expect(history.recorded.deadLetters.messages.map((m) => m.value)).toEqual([]);
  }

  it('kills every connection of the database mid-stream, five times: retried, never dead-lettered, nothing lost or doubled', async () => {
    let killed = 0;
    await stream.around(async () => {
      for (let i = 0; i < 5; i++) {
        killed += await terminateAll();
        await sleep(1_200);
      }
    });
    expect(killed).toBeGreaterThan(10);
    await verifyNothingDeadLettered();
  });

  it(`survives the database refusing connections for ${OUTAGE_SECONDS} s, and processing resumes afterwards`, async () => {
    await stream.around(async () => {
      await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      try {
        // Terminated backends take a moment to go; none may come back while connections are refused.
        await eventually(
          async () => {
            await terminateAll();
            const { rows } = await server.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1`, [database]);
            return Number(rows[0].n) === 0 ? true : undefined;
          },
          10_000,
          'every connection of the database gone',
        );
        await sleep(OUTAGE_SECONDS * 1_000);
      } finally {
        await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      }
    });
    await verifyNothingDeadLettered();
    for (const service of stack.processes.keys()) await stack.waitReady(service, undefined, 10_000);
  });
});
