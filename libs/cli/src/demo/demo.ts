#!/usr/bin/env node
// `npm run demo`: plays a day of a distribution company through a running Governor (starting the
// stack as `npm start` does when it is not running), shows progress on one updating line, and ends
// with the scorecard, the mode changes and their reasons, how many actions waited for people, and
// where to look next. Options: --size small|medium|large, --duration SECONDS, --seed N, --keep.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { buildScenario, ScenarioAgentKeys, type ScenarioSize } from '@governor/scenario';
import { ApiClient, DEFAULT_PORTS, serviceUrl, type ServiceName } from '../api-client';
import { DemoObserver } from './demo-observer';
import { printReport } from './demo-report';
import { SourcePublishers } from './source-publishers';

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

async function allReady(): Promise<boolean> {
  const checks = (Object.keys(DEFAULT_PORTS) as ServiceName[]).map(async (s) => {
    try {
      return (await fetch(`${serviceUrl(s)}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok;
    } catch {
      return false;
    }
  });
  return (await Promise.all(checks)).every(Boolean);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const root = path.resolve(__dirname, '../../../../..');
  const scenario = buildScenario({ seed: opts.seed, size: opts.size, durationSeconds: opts.durationSeconds, runId: `demo-${randomBytes(3).toString('hex')}` });
  let startedStack = false;
  if (!(await allReady())) {
    process.stderr.write('Starting the Governor stack (npm start) with demo timings...\n');
    execFileSync(process.execPath, [path.join(root, 'infra/stack/stack.mjs'), 'start'], {
      stdio: 'inherit',
      env: { ...demoEnvironment(scenario.wmsTickSeconds, opts.durationSeconds), ...process.env, GOVERNOR_SKIP_BUILD: '1' },
    });
    startedStack = true;
  }
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

  process.stderr.write(`Playing a ${opts.size} day (${scenario.events.length} events over ${opts.durationSeconds}s, seed ${opts.seed})\n`);
  let published = 0;
  const progress = (phase: string) => {
    const decisions = [...observer.decisions].map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet';
    const modes = [...observer.modes].filter(([d]) => d !== 'planning').map(([d, m]) => `${d}:${m}`).join(' ') || 'all automated';
    process.stderr.write(`\r\x1b[K[${phase}] published ${published}/${scenario.events.length} | decisions: ${decisions} | modes: ${modes}`);
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
  clearInterval(timer);
  progress('done');
  process.stderr.write('\n\n');
  await publisher.disconnect();
  await observer.stop();

  await printReport(api, observer, started);
  if (startedStack && !opts.keep) {
    execFileSync(process.execPath, [path.join(root, 'infra/stack/stack.mjs'), 'stop'], { stdio: 'inherit', env: process.env });
  } else if (startedStack) {
    process.stdout.write('The stack keeps running (--keep); `npm stop` stops it.\n');
  }
}

/**
 * Settings that make a day fit in minutes: health every two seconds, and a feed stale after three
 * of its usual reporting ticks. Variables already set in the environment win.
 */
function demoEnvironment(tickSeconds: number, durationSeconds: number): NodeJS.ProcessEnv {
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
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
