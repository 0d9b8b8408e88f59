#!/usr/bin/env node
// `npm run bench`: how close Governor runs to the raw speed of Kafka on this machine (issue 7). In
// one run, against the same broker and Postgres: the policy decision cost (R_pol), the pipeline's
// highest sustainable rate and latency (P), four plain kafkajs hops (B0), agent proposals, the
// cost of tracing (R_otel) and of Kafka security (R_sec). Progress on stderr, a table at the end, and the results written as
// markdown (docs/benchmarks.md) and JSON (docs/benchmarks/<date>.json, one per run).
//   --smoke     seconds per part and tiny loads (CI); writes nothing unless --out is given
//   --out DIR   where to write the results (default docs/ for the full run)
//   --only LIST  only these parts, comma-separated: policy, idle, ladder, b0, half-loads, agents, tracing, security,
//                approvals (pages of the review queue with 10,000 pending tasks, policy-enforcement alone), and steady (one steady load of --rate N stock reports/s, default 40, for 30 s: not
//                part of a full run); the pipeline is set up for any that needs it; for A/B runs of
//                one part; writes nothing unless --out is given
//   --instances N  N instances of policy-enforcement, the bounding service, in its group (default 1;
//                docs/scaling.md compares 1 and 2)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Topics, ToolPrincipals } from '@governor/contracts';
import { createKafka } from '@governor/messaging';
import { testKafkaBrokers, uniqueName } from '@governor/testing';
import { FULL, SMOKE } from './bench-profile';
import { machineInfo } from './machine';
import { METHODS } from './methods';
import { b0Phase, type BenchContext, outcomesOf, pipelineHalfLoads, pipelineIdle, pipelineLadder, pipelineSetup, pipelineSteady, policyPhase } from './phases';
import { approvalsPhase } from './phases-approvals';
import { agentsPhase, otelPhase } from './phases-tracing';
import { securityPhase } from './phases-security';
import { type BenchResults, renderMarkdown, renderText } from './report';
import { childPids } from './child-pids';
import { composeTargets } from './targets';

const ROOT = path.resolve(__dirname, '../../..');

const PARTS = ['policy', 'idle', 'ladder', 'b0', 'half-loads', 'agents', 'tracing', 'security', 'approvals', 'steady'] as const;
type Part = (typeof PARTS)[number];
const PIPELINE_PARTS: readonly Part[] = ['idle', 'ladder', 'half-loads', 'agents', 'tracing', 'security', 'steady'];

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const profile = args.includes('--smoke') ? SMOKE : FULL;
  const only = argument(args, '--only')?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(PARTS as readonly string[]).includes(name)) ?? [];
  if (only?.length === 0 || unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ') || '(none given)'}; the parts are ${PARTS.join(', ')}`);
  const out = argument(args, '--out') ?? (profile.name === 'full' && !only ? path.join(ROOT, 'docs') : undefined);
  const rate = Number(argument(args, '--rate') ?? 40);
  if (!(rate > 0)) throw new Error(`--rate: expected stock reports per second, got ${argument(args, '--rate')}`);
  const instances = Number(argument(args, '--instances') ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 6) throw new Error(`--instances: expected 1 to 6 instances of policy-enforcement, got ${argument(args, '--instances')}`);
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[${String(Math.round((Date.now() - started) / 1_000)).padStart(4)}s] ${line}\n`);

  const brokers = testKafkaBrokers();
  const kafka = createKafka({ brokers, clientId: 'governor-bench', principal: ToolPrincipals.Bench });
  const admin = kafka.admin();
  await admin.connect();
  const results: BenchResults = { date: new Date().toISOString(), profile: profile.name, durationS: 0, machine: await machineInfo(ROOT), ratios: {}, targets: [], notes: [], errors: [] };
  const ctx: BenchContext = { root: ROOT, runId: uniqueName('bench'), profile, results, kafka, admin, brokers, log, cleanups: [], extraWatched: [], samples: [], instances };
  log(`Governor benchmark (${profile.name}): ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.kafka}, load average ${results.machine.loadAverageAtStart}`);

  // Interrupted: stop what was started, then go. A last resort on exit for anything left.
  const interrupt = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping what the bench started`);
    void Promise.allSettled(ctx.cleanups.reverse().map((c) => c())).then(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  process.once('exit', () => {
    for (const pid of [...childPids('/dist/services/'), ...childPids('b0-hop')]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  const wanted = (name: Part) => (!only && name !== 'steady') || (only?.includes(name) ?? false);
  const part = async (name: string, run: (c: BenchContext) => Promise<void>, needsPipeline = false) => {
    if (needsPipeline && !ctx.pipeline) return;
    try {
      await run(ctx);
    } catch (error) {
      const message = `${name}: ${(error as Error).stack ?? String(error)}`;
      results.errors.push(message.split('\n').slice(0, 4).join(' | '));
      log(`! ${name} failed: ${(error as Error).message}`);
    }
  };
  try {
    if (wanted('policy')) await part('R_pol', policyPhase);
    if (PIPELINE_PARTS.some(wanted)) await part('P setup', pipelineSetup);
    if (wanted('idle')) await part('P idle', pipelineIdle, true);
    if (wanted('ladder')) await part('P ladder', pipelineLadder, true);
    if (wanted('b0')) await part('B0', b0Phase);
    if (wanted('half-loads')) await part('P half loads', pipelineHalfLoads, true);
    if (wanted('agents')) await part('agent proposals', agentsPhase, true);
    if (wanted('tracing')) await part('tracing', otelPhase, true);
    if (wanted('security')) await part('R_sec', securityPhase, true);
    if (wanted('approvals')) await part('approvals', approvalsPhase);
    if (wanted('steady')) await part('steady', (c) => pipelineSteady(c, rate), true);
    if (results.pipeline && ctx.sink && ctx.tracker) {
      const sink = ctx.sink;
      results.pipeline.outcomes = outcomesOf(ctx.tracker, sink, (step) => step.startsWith('P '));
      if (results.agents) results.agents.outcomes = outcomesOf(ctx.tracker, sink, (step) => step.startsWith('agents'));
      results.pipeline.recordBytes = Object.fromEntries(
        [Topics.SourceInventoryV1, Topics.QualityScoredV1, Topics.ActionsProposedV1, Topics.DecisionsV1, Topics.ActionsApprovedV1, Topics.ActionsOutcomesV1].map((t) => [t, sink.meanBytes(t)]),
      );
    }
  } finally {
    log('Stopping what the bench started');
    for (const cleanup of ctx.cleanups.reverse()) await cleanup().catch((e: unknown) => log(`! clean-up: ${(e as Error).message}`));
    await admin.disconnect();
  }

  results.durationS = Math.round((Date.now() - started) / 1_000);
  composeTargets(results, ctx.samples);
  if (profile.name === 'smoke') results.notes.push('Smoke profile: loads and steps far too small for the figures to mean anything; it shows the bench still runs.');
  process.stdout.write(`\n${renderText(results)}\n`);
  if (out) {
    // The JSON's folder is inside `out`, so this makes both.
    mkdirSync(path.join(out, 'benchmarks'), { recursive: true });
    const stamp = results.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    writeFileSync(path.join(out, 'benchmarks.md'), `${renderMarkdown(results)}\n${METHODS.join('\n')}\n`);
    writeFileSync(path.join(out, 'benchmarks', `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nResults: ${path.join(out, 'benchmarks.md')} and ${path.join(out, 'benchmarks', `${stamp}.json`)}\n`);
  }
  return results.errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
