#!/usr/bin/env node
// `npm start` / `npm stop` / `npm run stack:status` (docs/contract.md section 6): the whole Governor
// stack on one machine. Start: Kafka and Postgres as the foundation does (local ones when
// KAFKA_BROKERS / DATABASE_URL are not given), the workspace built, the contract topics created,
// then the six services and the simulated ERP as separate processes, then the operator console
// (services/console), each logging to infra/.data/logs/<service>.log; returns once every one
// answers /health/ready, printing URLs.
// Stop: stops the processes this started (pid files in infra/.data/run), then nothing else.
// Instances: `start --instances N` (or GOVERNOR_INSTANCES_<SERVICE>=N for one service) starts N
// processes of each consuming service in its one consumer group; instance k > 1 is named
// `<service>-k` and answers on the service's port + 100 * (k - 1). What must stay single across
// them is enforced in the services themselves (docs/scaling.md).
// GOVERNOR_STACK_DIR puts the pid files and logs of a second stack elsewhere (the demo's own stack
// beside a running one); `stop --services-only` stops its services and leaves Kafka and Postgres.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = process.env.GOVERNOR_DATA_DIR ?? path.join(root, 'infra/.data');
const stackDir = process.env.GOVERNOR_STACK_DIR ?? dataDir;
const runDir = path.join(stackDir, 'run');
const logDir = path.join(stackDir, 'logs');

/** The processes of the stack, in start order (the ERP first: execution-adapters calls it). */
export const SERVICES = [
  { name: 'simulated-erp', port: 3010 },
  { name: 'circuit-breaker', port: 3006 },
  { name: 'resilience-monitor', port: 3005 },
  { name: 'policy-enforcement', port: 3003 },
  { name: 'execution-adapters', port: 3004 },
  { name: 'predictive-risk', port: 3002 },
  { name: 'data-quality', port: 3001 },
];

/**
 * The operator console, after the services it passes calls to. A second stack beside a running one
 * (GOVERNOR_STACK_DIR, the demo's) gets one only when given a PORT_CONSOLE of its own: port 3000 is
 * the first stack's, and the demo does not need a console.
 */
const CONSOLE = { name: 'console', port: 3000 };
const withConsole = () => !process.env.GOVERNOR_STACK_DIR || Boolean(process.env.PORT_CONSOLE);
/** Every process of the stack in start order; `stop` and `status` also know a console started earlier. */
const processes = ({ all = false } = {}) => (all || withConsole() ? [...SERVICES, CONSOLE] : SERVICES);

const portVariable = (name) => `PORT_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
const portOf = (service) => Number(process.env[portVariable(service.name)] ?? service.port);

/** The services that consume Kafka in a group of their own, and so may run as several instances. */
const SCALABLE = new Set(['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'resilience-monitor', 'circuit-breaker']);
const MAX_INSTANCES = 8;
const INSTANCE_PORT_STEP = 100;

/** How many instances of `service` to start: GOVERNOR_INSTANCES_<SERVICE>, else --instances N, else 1. */
function instanceCount(service) {
  if (!SCALABLE.has(service.name)) return 1;
  const variable = `GOVERNOR_INSTANCES_${service.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  const flag = process.argv.indexOf('--instances');
  const [setting, given] = process.env[variable] !== undefined ? [variable, process.env[variable]] : flag > 0 ? ['--instances', process.argv[flag + 1]] : [undefined, '1'];
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) {
    throw new Error(`${setting} must be a whole number from 1 to ${MAX_INSTANCES}, not "${given ?? ''}"`);
  }
  return count;
}

/** Instance k (from 1) of a service: its process name, and the port it answers on. */
function instance(service, k) {
  return { ...service, name: k === 1 ? service.name : `${service.name}-${k}`, service: service.name, port: portOf(service) + (k - 1) * INSTANCE_PORT_STEP, k };
}

/** Every instance to start, in start order. */
const instancesToStart = () => processes().flatMap((s) => Array.from({ length: instanceCount(s) }, (_, i) => instance(s, i + 1)));

/** Every instance with a pid file (whatever count started it), and the first of each process. */
function knownInstances({ all = false } = {}) {
  const files = existsSync(runDir) ? readdirSync(runDir) : [];
  return processes({ all }).flatMap((s) => {
    const extra = files
      .map((f) => new RegExp(`^${s.name}-(\\d+)\\.pid$`).exec(f))
      .filter(Boolean)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    return [instance(s, 1), ...extra.map((k) => instance(s, k))];
  });
}
const pidFile = (name) => path.join(runDir, `${name}.pid`);
const say = (line) => process.stderr.write(`${line}\n`);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runningPid(name) {
  if (!existsSync(pidFile(name))) return undefined;
  const pid = Number(readFileSync(pidFile(name), 'utf8'));
  return alive(pid) ? pid : undefined;
}

async function ready(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const kafkaMarker = () => path.join(runDir, 'kafka.started-by-stack');

function kafkaRunning() {
  try {
    execFileSync('bash', [path.join(root, 'infra/kafka/kafka.sh'), 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function infrastructure() {
  mkdirSync(runDir, { recursive: true });
  const kafkaWasRunning = kafkaRunning();
  execFileSync('bash', [path.join(root, 'infra/kafka/kafka.sh'), 'start'], { stdio: 'inherit' });
  // Remember that this start brought the broker up, so `npm stop` takes it down again.
  if (!process.env.KAFKA_BROKERS && !kafkaWasRunning && kafkaRunning()) writeFileSync(kafkaMarker(), '');
  const env = { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' };
  env.DATABASE_URL = execFileSync('bash', [path.join(root, 'infra/postgres/postgres.sh'), 'start', process.env.GOVERNOR_DATABASE_NAME ?? 'governor'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  // `npm run demo` has just built the workspace and says so; `npm start` builds it here.
  if (process.env.GOVERNOR_SKIP_BUILD !== '1') {
    say('[stack] building');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env });
  }
  execFileSync('node', [path.join(root, 'dist/libs/messaging/src/cli/create-topics.js')], { stdio: 'ignore', env });
  return env;
}

/**
 * Each service connects to the local broker as its own principal (infra/kafka/kafka.sh made the
 * passwords), unless the operator named one identity for all (KAFKA_SASL_USERNAME) or the broker
 * runs plaintext. Neither the simulated ERP nor the console uses Kafka.
 */
function kafkaIdentity(service, { localCredentialsFile, localSecurityMode }) {
  if (process.env.KAFKA_SASL_USERNAME || service === 'simulated-erp' || service === CONSOLE.name) return {};
  const passwordFile = localCredentialsFile(service);
  if (localSecurityMode() === 'plaintext' || !existsSync(passwordFile)) return {};
  return { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: service, KAFKA_SASL_PASSWORD_FILE: passwordFile };
}

async function start() {
  // A bad instance count stops the start before anything is started or built.
  const instances = instancesToStart();
  const env = infrastructure();
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  env.EXECUTION_ADAPTERS_ERP_BASE_URL ??= `http://127.0.0.1:${portOf(SERVICES[0])}`;
  // Built by infrastructure() above: how a service process is started (V8 heap flags, malloc settings).
  const { serviceRuntimeEnv } = await import(pathToFileURL(path.join(root, 'dist/libs/cli/src/service-runtime.js')).href);
  // And where the local broker keeps each principal's password, and whether it runs secured.
  const localKafka = await import(pathToFileURL(path.join(root, 'dist/libs/config/src/index.js')).href);
  for (const service of instances) {
    const main = path.join(root, `dist/services/${service.service}/src/main.js`);
    if (runningPid(service.name)) {
      say(`[stack] ${service.name} already running (pid ${runningPid(service.name)})`);
      continue;
    }
    if (!existsSync(main)) throw new Error(`${main} is missing: did the build fail?`);
    const log = openSync(path.join(logDir, `${service.name}.log`), 'a');
    const own = { [portVariable(service.service)]: String(service.port), OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${service.name}` };
    const child = spawn(process.execPath, [main], {
      env: { ...env, ...serviceRuntimeEnv(env), ...kafkaIdentity(service.service, localKafka), ...own },
      stdio: ['ignore', log, log],
      detached: true,
    });
    child.unref();
    writeFileSync(pidFile(service.name), String(child.pid));
    say(`[stack] started ${service.name} (pid ${child.pid})`);
  }
  const deadline = Date.now() + Number(process.env.GOVERNOR_START_TIMEOUT_SECONDS ?? 120) * 1_000;
  for (const service of instances) {
    while (!(await ready(service.port))) {
      if (!runningPid(service.name)) {
        throw new Error(`${service.name} exited during start-up; see ${path.join(logDir, `${service.name}.log`)}`);
      }
      if (Date.now() > deadline) throw new Error(`${service.name} is not ready; see ${path.join(logDir, `${service.name}.log`)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    process.stdout.write(`${service.name.padEnd(22)} http://127.0.0.1:${service.port}  ready\n`);
  }
  process.stdout.write(`logs: ${logDir}\n`);
}

async function stop({ servicesOnly = process.argv.includes('--services-only') } = {}) {
  for (const service of knownInstances({ all: true }).reverse()) {
    const pid = runningPid(service.name);
    if (!pid) {
      rmSync(pidFile(service.name), { force: true });
      continue;
    }
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(pidFile(service.name), { force: true });
    say(`[stack] stopped ${service.name}`);
  }
  if (servicesOnly) return;
  if (existsSync(kafkaMarker())) {
    execFileSync('bash', [path.join(root, 'infra/kafka/kafka.sh'), 'stop'], { stdio: 'inherit' });
    rmSync(kafkaMarker(), { force: true });
  }
  execFileSync('bash', [path.join(root, 'infra/postgres/postgres.sh'), 'stop'], { stdio: 'inherit' });
}

async function status() {
  for (const service of knownInstances()) {
    const pid = runningPid(service.name);
    const state = pid ? ((await ready(service.port)) ? 'ready' : 'not ready') : 'stopped';
    process.stdout.write(`${service.name.padEnd(22)} ${state}${pid ? ` (pid ${pid}, port ${service.port})` : ''}\n`);
  }
}

/** A start that fails half-way stops what it started, rather than leaving half a stack. */
async function startOrRollBack() {
  try {
    await start();
  } catch (error) {
    // A second stack (GOVERNOR_STACK_DIR) shares Kafka and Postgres with the first: leave them.
    await stop({ servicesOnly: process.argv.includes('--services-only') || Boolean(process.env.GOVERNOR_STACK_DIR) }).catch(() => undefined);
    throw error;
  }
}

const command = process.argv[2];
const actions = { start: startOrRollBack, stop, status };
if (!actions[command]) {
  say('usage: stack.mjs start [--instances N]|stop [--services-only]|status');
  process.exit(2);
}
actions[command]().catch((error) => {
  say(`[stack] ${error.message}`);
  process.exit(1);
});
