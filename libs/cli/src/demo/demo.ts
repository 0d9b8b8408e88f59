#!/usr/bin/env node
// `npm run demo`: plays a day of a distribution company through Governor (starting the stack as
// `npm start` does when none runs, or a stack of its own beside a running one, so that its short
// health windows hold: see demo-stack.ts), shows progress (one updating line on a terminal, plain
// lines in a log) while the day's people work the queue and act (demo-people.ts), and ends with the
// scorecard, the mode changes and their reasons, what people did, how many actions waited for
// people, where to look next, and a report to keep (an HTML page and the evidence pack beside it). Options: --size small|medium|large, --duration SECONDS, --seed N, --keep.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import {
  applyCompetitorPromotion,
  buildScenario,
  erpTrouble,
  ScenarioAgentKeys,
  timeAgentTransfer,
  type DemandShift,
  type Scenario,
  type ScenarioSize,
} from '@governor/scenario';
import { ApiClient, DEFAULT_PORTS, serviceUrl, type ServiceName } from '../api-client';
import { DemoObserver } from './demo-observer';
import { ProgressWriter } from './demo-progress';
import { DemoPeople } from './demo-people';
import { printReport } from './demo-report';
import { writeDayReport } from './report-file';
import { demoEnvironment, modelsLine, ownStackEnvironment, stackAnswers, startStack, stopStack, timingsLine, type DemoStack } from './demo-stack';
import { SourcePublishers } from './source-publishers';

const HISTORY_DAYS = 28;

interface DemoOptions {
  size: ScenarioSize;
  durationSeconds: number;
  seed: number;
  keep: boolean;
}

function options(args: string[]): DemoOptions {
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = (value('size') ?? 'medium') as ScenarioSize;
  if (!['small', 'medium', 'large'].includes(size)) throw new Error(`--size must be small, medium or large, got ${size}`);
  const durationSeconds = Number(value('duration') ?? (size === 'small' ? 90 : 180));
  if (!Number.isFinite(durationSeconds) || durationSeconds < 20) throw new Error('--duration must be at least 20 seconds');
  const seed = Number(value('seed') ?? 42);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return { size, durationSeconds, seed, keep: args.includes('--keep') };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const root = path.resolve(__dirname, '../../../../..');
  const runId = `demo-${randomBytes(3).toString('hex')}`;
  const start = new Date();
  // Four weeks of demand history, enough for demand sensing's refit window (RISK_REFIT_WINDOW_DAYS).
  const scenario = buildScenario({ seed: opts.seed, size: opts.size, durationSeconds: opts.durationSeconds, runId, start, historyDays: HISTORY_DAYS });
  const shift = applyCompetitorPromotion(scenario, { seed: opts.seed, today: start });
  const transferAt = timeAgentTransfer(scenario, { seed: opts.seed, durationSeconds: opts.durationSeconds, runId });
  const stack = await chooseStack(root, runId, { ...demoEnvironment(scenario.wmsTickSeconds, opts.durationSeconds, HISTORY_DAYS), ...process.env });
  try {
    startStack(root, stack.env);
    // From here on the demo talks to the stack it plays against (ports, namespace) through process.env.
    Object.assign(process.env, stack.env);
    await play(opts, scenario, runId, { transferAt, shift, skus: scenario.catalog.skus.length });
  } catch (error) {
    // A failed run leaves no stack of the demo's own behind; one started as `npm start` stays for its logs.
    if (stack.own && !opts.keep) await stopStack(root, stack).catch(() => undefined);
    throw error;
  }
  if (!opts.keep) {
    await stopStack(root, stack);
  } else if (stack.own) {
    process.stdout.write(
      `The demo's stack keeps running (--keep); GOVERNOR_STACK_DIR=${stack.own.dir} node infra/stack/stack.mjs stop --services-only stops it.\n`,
    );
  } else {
    process.stdout.write('The stack keeps running (--keep); `npm stop` stops it.\n');
  }
}

/**
 * The stack to start, said plainly: always one of the demo's own, on fresh topics and a fresh
 * database, so that every run plays its day from the start (a second run on the first one's
 * database would find the same events already seen, and the modes the first left). With none
 * running it stops everything it started at the end; beside a running stack (whose windows were
 * fixed when it started: the outage would trip nothing there) it stops its own services only.
 */
async function chooseStack(root: string, runId: string, timings: NodeJS.ProcessEnv): Promise<DemoStack> {
  const alone = !(await stackAnswers(process.env));
  const own = await ownStackEnvironment(root, runId, timings);
  const ports = Object.keys(DEFAULT_PORTS).map((s) => serviceUrl(s as ServiceName, own.stack.env).split(':').pop()).join(',');
  process.stderr.write(
    (alone
      ? 'No Governor stack answers: the demo starts one of its own with its timings\n'
      : `A Governor stack is already running; its health windows are its own, so the demo starts a stack of its own beside it\n`) +
      `  topics ${own.stack.env.GOVERNOR_TOPIC_NAMESPACE}*, database ${own.database}, ports ${ports}, logs ${own.dir}/logs\n` +
      `${timingsLine(timings)}\n${modelsLine(timings)}\n`,
  );
  return { ...own.stack, alone };
}

/** Registers the agents, plays the day (its sources, agents and people) with progress, and prints and writes the report. */
/** What the day's script does beyond the scenario's own events, to be said before it plays. */
interface Script {
  transferAt: number | undefined;
  shift: DemandShift;
  skus: number;
}

async function play(opts: DemoOptions, scenario: Scenario, runId: string, script: Script): Promise<void> {
  const api = ApiClient.fromEnv();
  // The agents' keys live as long as this run: each run registers its agents with fresh public keys.
  const agentKeys = await ScenarioAgentKeys.generate(scenario.agents);
  for (const agent of scenario.agents) {
    await api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', `/agents/${agent.agentId}`, {
      owner: agent.owner,
      scope: agent.scope,
      description: agent.description,
      publicKey: agentKeys.publicKey(agent.agentId),
    });
  }

  const namespace = process.env.GOVERNOR_TOPIC_NAMESPACE ?? '';
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const started = new Date();
  // The observer reads the outputs as the operator; each source system and agent publishes as itself.
  const observer = new DemoObserver(createKafka({ brokers, clientId: 'governor-demo', principal: ToolPrincipals.Operator }), namespace, started);
  await observer.start();
  const publisher = new SourcePublishers(brokers, namespace);
  const people = new DemoPeople(api, scenario, { seed: opts.seed, durationSeconds: opts.durationSeconds, started, runId });
  people.start();

  process.stderr.write(`Playing a ${opts.size} day (${scenario.events.length} events over ${opts.durationSeconds}s, seed ${opts.seed})\n`);
  const erp = erpTrouble(opts.durationSeconds);
  const { transferAt, shift } = script;
  process.stderr.write(
    `The script: a competitor's promotion week since ${shift.from}: ${shift.skus.length} of ${script.skus} SKUs sell ${shift.factor} times as much, in the recorded demand history; ` +
      `the ERP answers 503 from ${erp.down}s to ${erp.up}s, then refuses stock postings (receipts, reversals) until ${erp.postingsBack}s; ` +
      `the replenisher agent proposes its stock transfer at ${transferAt === undefined ? '-' : transferAt.toFixed(1)}s, timed by its planner's seeded review to reach the ERP as it comes back\n`,
  );
  let published = 0;
  const writer = new ProgressWriter(process.stderr);
  const progress = (phase: string) => {
    const decisions = [...observer.decisions].map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet';
    const modes = [...observer.modes].filter(([d]) => d !== 'planning').map(([d, m]) => `${d}:${m}`).join(' ') || 'all automated';
    writer.update(phase, `published ${published}/${scenario.events.length} | decisions: ${decisions} | modes: ${modes} | ${people.summary()}`);
  };
  const timer = setInterval(() => progress(currentPhase), 500);
  let currentPhase = 'history';
  for (let i = 0; i < scenario.events.length; ) {
    const elapsed = (Date.now() - started.getTime()) / 1_000;
    const due: typeof scenario.events = [];
    while (i < scenario.events.length && scenario.events[i].at <= elapsed) due.push(scenario.events[i++]);
    if (due.length > 0) {
      currentPhase = due[due.length - 1].phase;
      const events = await Promise.all(due.map((e) => agentKeys.sign({ ...e.event, time: new Date().toISOString() })));
      await publisher.publishAll(due.map((e, j) => ({ topic: e.topic, event: events[j] })));
      published += due.length;
    } else {
      await new Promise((r) => setTimeout(r, Math.min(250, (scenario.events[i].at - elapsed) * 1_000)));
    }
  }
  currentPhase = 'draining';
  while (Date.now() - observer.lastActivity < 5_000) await new Promise((r) => setTimeout(r, 500));
  await people.stop();
  clearInterval(timer);
  progress('done');
  writer.finish();
  process.stderr.write('\n');
  await publisher.disconnect();
  await observer.stop();

  const scorecard = await printReport(api, observer, people, started);
  const files = await writeDayReport(api, observer, people, scorecard, { runId, size: opts.size, seed: opts.seed, durationSeconds: opts.durationSeconds, started });
  process.stdout.write(`== The report to keep\n  report:        ${files.html}\n  evidence pack: ${files.pack}  (governor audit verify-pack ${files.pack})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
