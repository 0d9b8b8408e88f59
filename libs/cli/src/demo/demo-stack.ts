// Which stack the demo plays against, and with which timings. Its short health and staleness
// windows are settings a service reads at start, so they hold only in processes the demo starts:
// with no stack running it starts one (as `npm start` does) with them; with one already running
// (whose windows are its own) it starts a second stack beside it, on its own topic namespace,
// database, ports and run folder, and stops it at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { localDataDir } from '@governor/config';
import { approvalClock, erpOutageSeconds, playSecondsPerMinute } from '@governor/scenario';
import { DEFAULT_PORTS, serviceUrl, type ServiceName } from '../api-client';

const SERVICES = Object.keys(DEFAULT_PORTS) as ServiceName[];
const portVariable = (service: ServiceName) => `PORT_${service.toUpperCase().replace(/-/g, '_')}`;

export interface DemoStack {
  /** The environment that reaches this stack: ports, topic namespace, database, run folder. */
  env: NodeJS.ProcessEnv;
  /** A stack of the demo's own: its folder and database. */
  own?: { dir: string; database: string; databaseUrl: string };
  /** No other stack ran: the demo stops everything it started (Kafka too), not only its services. */
  alone?: boolean;
}

/** Whether any service of a stack answers on the ports `env` names. */
export async function stackAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  const checks = SERVICES.map(async (s) => {
    try {
      return (await fetch(`${serviceUrl(s, env)}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok;
    } catch {
      return false;
    }
  });
  return (await Promise.all(checks)).some(Boolean);
}

/**
 * Settings that make a day fit in minutes: health every two seconds, and a feed stale after three
 * of its usual reporting ticks; model health every two seconds too, and a refit allowed once the
 * champion has run for an hour of the play (not the default hour of the clock), on the whole
 * `historyDays` of demand history. Variables already set in the environment win.
 */
export function demoEnvironment(tickSeconds: number, durationSeconds: number, historyDays: number): NodeJS.ProcessEnv {
  const clock = approvalClock(durationSeconds);
  return {
    // The WMS feeds report every tick; the day's other feeds are occasional (terms, deliveries,
    // credit) or a daily batch (recorded demand), so only the WMS silence is an outage.
    DQ_STALE_AFTER_SECONDS: String(Math.ceil(2 * durationSeconds)),
    DQ_STALE_AFTER_SECONDS_INVENTORY: String(Math.ceil(3 * tickSeconds)),
    DQ_FEED_STALE_AFTER_SECONDS: 'urn:erp:sales|source.inventory.v1=90000',
    DQ_HEALTH_INTERVAL_SECONDS: '2',
    HEALTH_INTERVAL_SECONDS: '2',
    HEALTH_WINDOW_SECONDS: '20',
    HEALTH_FEED_REPORT_MAX_AGE_SECONDS: '8',
    BREAKER_COOL_DOWN_SECONDS: String(Math.ceil(2 * tickSeconds)),
    BREAKER_PROBATION_WINDOWS: '3',
    APPROVAL_SCHEDULER_SECONDS: '2',
    // The people's day (libs/scenario people.ts): a task escalates after two working hours and
    // expires after four, in the play's time.
    APPROVAL_ESCALATE_AFTER_SECONDS: String(clock.escalateAfterSeconds),
    APPROVAL_EXPIRE_AFTER_SECONDS: String(clock.expireAfterSeconds),
    // Three attempts over about half the ERP's outage: an action that meets its start fails for
    // good, one that meets its end is retried into the ERP's recovery.
    EXECUTION_ADAPTERS_MAX_ATTEMPTS: '3',
    EXECUTION_ADAPTERS_RETRY_BASE_MS: String(Math.round((erpOutageSeconds(durationSeconds) * 1_000) / 4.5)),
    // Demand sensing's retraining (predictive-risk), which the drift of the day's demand shift starts.
    RISK_MODEL_HEALTH_INTERVAL_SECONDS: '2',
    RISK_REFIT_COOLDOWN_SECONDS: String(Math.ceil(60 * playSecondsPerMinute(durationSeconds))),
    RISK_REFIT_WINDOW_DAYS: String(historyDays),
  };
}

/** One line for the user: how the demo's stack retrains demand sensing. */
export function modelsLine(env: NodeJS.ProcessEnv): string {
  return (
    `models: health every ${env.RISK_MODEL_HEALTH_INTERVAL_SECONDS}s; demand sensing refits once its champion has run ` +
    `${env.RISK_REFIT_COOLDOWN_SECONDS}s (an hour of the play) and its PSI passes ${env.RISK_REFIT_PSI_THRESHOLD ?? '0.25'}, on the last ${env.RISK_REFIT_WINDOW_DAYS} days of demand`
  );
}

/** One line for the user: how soon the WMS silence shows with these settings. */
export function timingsLine(env: NodeJS.ProcessEnv): string {
  return (
    `timings: inventory feeds stale after ${env.DQ_STALE_AFTER_SECONDS_INVENTORY}s of silence, health every ` +
    `${env.HEALTH_INTERVAL_SECONDS}s over ${env.HEALTH_WINDOW_SECONDS}s, so the WMS outage shows within about ` +
    `${Number(env.DQ_STALE_AFTER_SECONDS_INVENTORY) + Number(env.HEALTH_WINDOW_SECONDS)}s`
  );
}

/** Starts the stack `env` describes with infra/stack/stack.mjs (the workspace is built already). */
export function startStack(root: string, env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, [path.join(root, 'infra/stack/stack.mjs'), 'start'], { stdio: 'inherit', env: { ...env, GOVERNOR_SKIP_BUILD: '1' } });
}

/** Stops what the demo started: the whole stack, or its own stack's services and database. */
export async function stopStack(root: string, stack: DemoStack): Promise<void> {
  const args = stack.own && !stack.alone ? ['stop', '--services-only'] : ['stop'];
  // The stack script stops only services for a stack folder of its own (GOVERNOR_STACK_DIR): a stack
  // that ran alone stops its services there, then what the usual folder's start brought up.
  execFileSync(process.execPath, [path.join(root, 'infra/stack/stack.mjs'), ...args], { stdio: 'inherit', env: stack.env });
  if (stack.own) {
    const server = new URL(stack.own.databaseUrl);
    server.pathname = '/postgres';
    const pg = new Client({ connectionString: server.toString() });
    await pg.connect();
    try {
      await pg.query(`DROP DATABASE IF EXISTS "${stack.own.database}" WITH (FORCE)`);
    } finally {
      await pg.end();
    }
  }
}

/**
 * The environment of a second stack beside a running one: free ports, topics under
 * `<runId>.`, a fresh database `governor_<runId>` on the same server, pid files and logs in
 * infra/.data/demo-stacks/<runId>. Kafka and Postgres are shared with the running stack.
 */
export async function ownStackEnvironment(
  root: string,
  runId: string,
  base: NodeJS.ProcessEnv,
): Promise<{ stack: DemoStack; dir: string; database: string }> {
  const ports = await freePorts(SERVICES.length);
  const database = `governor_${runId.replace(/[^a-z0-9]/g, '_')}`;
  const databaseUrl = await createDatabase(root, database, base);
  const dir = path.join(localDataDir(base), 'demo-stacks', runId);
  mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...Object.fromEntries(SERVICES.map((s, i) => [portVariable(s), String(ports[i])])),
    GOVERNOR_TOPIC_NAMESPACE: `${runId}.`,
    GOVERNOR_DATABASE_NAME: database,
    DATABASE_URL: databaseUrl,
    GOVERNOR_STACK_DIR: dir,
  };
  return { stack: { env, own: { dir, database, databaseUrl } }, dir, database };
}

/** Creates `database` on the server DATABASE_URL names, or on the one infra/postgres/postgres.sh finds. */
async function createDatabase(root: string, database: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!env.DATABASE_URL) {
    return execFileSync('bash', [path.join(root, 'infra/postgres/postgres.sh'), 'start', database], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    }).trim();
  }
  const url = new URL(env.DATABASE_URL);
  const pg = new Client({ connectionString: url.toString() });
  await pg.connect();
  try {
    await pg.query(`CREATE DATABASE "${database}"`);
  } finally {
    await pg.end();
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** `count` ports free on 127.0.0.1 now, all different (each held open until all are found). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
