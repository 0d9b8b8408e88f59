// `npm start -- --instances N` (infra/stack/stack.mjs): N processes of each consuming service in
// one consumer group, each on its own port, known to `status` and `stop`; a bad count stops the
// start before anything runs, naming the setting. Run as a second stack (GOVERNOR_STACK_DIR) on a
// topic namespace, database, consumer groups and ports of its own, beside whatever else runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { freePortBlock, testDatabaseUrl, testKafkaBrokers, uniqueName } from '@governor/testing';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
const STACK = path.join(ROOT, 'infra/stack/stack.mjs');
const CONSUMING = ['circuit-breaker', 'resilience-monitor', 'policy-enforcement', 'execution-adapters', 'predictive-risk', 'data-quality'];
const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

describe('npm start -- --instances 2', () => {
  const tag = uniqueName('inst');
  const database = `governor_${tag.replace(/-/g, '_')}_test`;
  const dir = mkdtempSync(path.join(tmpdir(), 'governor-instances-'));
  const base = freePortBlock(10);
  const ports = Object.fromEntries(['simulated-erp', ...CONSUMING].map((s, i) => [s, base + i]));
  const groupOf = (s: string) => `governor.${s}.${tag}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOVERNOR_STACK_DIR: dir,
    GOVERNOR_SKIP_BUILD: '1',
    GOVERNOR_TOPIC_NAMESPACE: `${tag}.`,
    GOVERNOR_DATABASE_NAME: database,
    DATABASE_URL: Object.assign(new URL(testDatabaseUrl()), { pathname: `/${database}` }).toString(),
    OTEL_SDK_DISABLED: 'true',
    ...Object.fromEntries(Object.entries(ports).map(([s, p]) => [`PORT_${envName(s)}`, String(p)])),
    ...Object.fromEntries(CONSUMING.map((s) => [`${envName(s)}_GROUP_ID`, groupOf(s)])),
  };
  let pids: number[] = [];
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stack = (...args: string[]) => spawnSync(process.execPath, [STACK, ...args], { env, encoding: 'utf8' });

  beforeAll(async () => {
    const server = new Client({ connectionString: testDatabaseUrl() });
    await server.connect();
    await server.query(`CREATE DATABASE "${database}"`);
    await server.end();
  });

  afterAll(async () => {
    stack('stop', '--services-only');
    const server = new Client({ connectionString: testDatabaseUrl() });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await server.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad count before starting anything, naming the setting', () => {
    const flag = stack('start', '--instances', '0');
    expect(flag.status).not.toBe(0);
    expect(flag.stderr).toContain('--instances must be a whole number from 1 to 8, not "0"');
    const variable = spawnSync(process.execPath, [STACK, 'start'], { env: { ...env, GOVERNOR_INSTANCES_POLICY_ENFORCEMENT: 'two' }, encoding: 'utf8' });
    expect(variable.stderr).toContain('GOVERNOR_INSTANCES_POLICY_ENFORCEMENT must be a whole number');
    expect(stack('status').stdout).not.toMatch(/ready/);
  });

  it('starts two of each consuming service, each on its own port, in one consumer group', async () => {
    const started = stack('start', '--instances', '2');
    expect(started.stderr).not.toMatch(/exited during start-up|is not ready/);
    expect(started.status).toBe(0);
    for (const s of CONSUMING) {
      expect(started.stdout).toContain(`${s.padEnd(22)} http://127.0.0.1:${ports[s]}  ready`);
      expect(started.stdout).toContain(`${`${s}-2`.padEnd(22)} http://127.0.0.1:${ports[s] + 100}  ready`);
    }
    const status = stack('status').stdout;
    expect(status.match(/ ready \(pid/g)).toHaveLength(1 + 2 * CONSUMING.length);
    pids = [...status.matchAll(/\(pid (\d+)/g)].map((m) => Number(m[1]));

    // Both policy-enforcement processes are members of its one group.
    const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'instances-test', principal: ToolPrincipals.Test }).admin();
    await admin.connect();
    try {
      let members = 0;
      for (let i = 0; i < 120 && members < 2; i++) {
        const { groups } = await admin.describeGroups([groupOf('policy-enforcement')]);
        members = groups[0]?.state === 'Stable' ? groups[0].members.length : 0;
        if (members < 2) await new Promise((r) => setTimeout(r, 500));
      }
      expect(members).toBe(2);
    } finally {
      await admin.disconnect();
    }
  });

  it('stops every instance, and status knows each of them', () => {
    expect(stack('stop', '--services-only').status).toBe(0);
    const status = stack('status').stdout;
    for (const s of CONSUMING) {
      expect(status).toMatch(new RegExp(`^${s} +stopped$`, 'm'));
    }
    expect(status).not.toMatch(/-2 /);
    expect(pids).toHaveLength(1 + 2 * CONSUMING.length);
    expect(pids.filter(alive)).toEqual([]);
  });
});
