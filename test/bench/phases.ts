// The parts of one benchmark run, in the order bench.ts calls them. They share a context: the
// Kafka admin, the running pipeline with its sink and tracker, the results being filled in, and
// the clean-ups to run however the run ends.
import type { Admin, Kafka } from 'kafkajs';
import { Topics, topicSpec } from '@governor/contracts';
import { B0Chain, B0_DONE } from './b0-chain';
import type { BenchProfile } from './bench-profile';
import { type LadderContext, ladder, measuredStep, niceRate, type MeasuredStep } from './ladder';
import { type LoadSource, Tracker } from './load-ladder';
import { measurePolicyCost } from './policy-cost';
import { consumerLag, type Pipeline, PIPELINE_ORDER, pipelineWatched, startPipeline, stopPipeline, waitQuiet } from './pipeline-stack';
import { PipelineSink, Stages } from './pipeline-sink';
import { publishSeed, registerAgents, type SeedPlan, seedPlan, StockReports } from './pipeline-workloads';
import { kafkaBrokerPid, pidsNamed, ResourceMonitor, type ResourceSample, selfWatched, type Watched } from './process-stats';
import type { BenchResults } from './report';

export interface BenchContext {
  root: string;
  runId: string;
  profile: BenchProfile;
  results: BenchResults;
  kafka: Kafka;
  admin: Admin;
  brokers: string[];
  log: (line: string) => void;
  cleanups: (() => Promise<void>)[];
  pipeline?: Pipeline;
  sink?: PipelineSink;
  tracker?: Tracker;
  plan?: SeedPlan;
  extraWatched: Watched[];
  /** Every resource sample taken, for the peak RSS of each process over the whole run. */
  samples: ResourceSample[];
  /** Instances of policy-enforcement, the bounding service (--instances). */
  instances: number;
}

export const P_WORKLOAD =
  'stock reports (inventory.level-reported.v1, below the reorder point, round robin over the seeded SKU@locations) through data-quality, predictive-risk (a purchase order or transfer proposed for every report), policy-enforcement and execution-adapters; latency from publishing the report to its decision on governance.decisions.v1, and to actions.approved.v1 and actions.outcomes.v1 for the auto-approved ones';

export function monitorFor(ctx: BenchContext): ResourceMonitor {
  return new ResourceMonitor(() => {
    const broker = kafkaBrokerPid(ctx.root);
    return [
      ...(ctx.pipeline ? pipelineWatched(ctx.pipeline) : []),
      ...ctx.extraWatched,
      ...(broker ? [{ name: 'kafka broker', pids: () => [broker] }] : []),
      { name: 'postgres (all backends, shared)', pids: () => pidsNamed('postgres') },
      selfWatched(),
    ];
  });
}

export function pipelineLadderContext(ctx: BenchContext, name: string, source: LoadSource): LadderContext {
  const { pipeline, tracker } = need(ctx);
  return {
    name,
    source,
    tracker,
    profile: ctx.profile.p,
    monitor: monitorFor(ctx),
    lags: async () => (await consumerLag(ctx.admin, pipeline)) as Record<string, number>,
    drainMs: ctx.profile.drainMs,
    log: ctx.log,
  };
}

export function need(ctx: BenchContext): { pipeline: Pipeline; sink: PipelineSink; tracker: Tracker; plan: SeedPlan } {
  if (!ctx.pipeline || !ctx.sink || !ctx.tracker || !ctx.plan) throw new Error('the pipeline is not running');
  return { pipeline: ctx.pipeline, sink: ctx.sink, tracker: ctx.tracker, plan: ctx.plan };
}

export async function policyPhase(ctx: BenchContext): Promise<void> {
  ctx.log('R_pol: policy-enforcement decision path vs bare statefulIsAuthorized, in this process');
  const cost = measurePolicyCost(ctx.root, ctx.profile.policy);
  ctx.results.policy = cost;
  ctx.results.ratios.rPol = cost.rPol;
  ctx.log(`  ${cost.peMicrosPerDecision} us per decision vs ${cost.bareMicrosPerDecision} us bare (${cost.callsPerDecision} calls): R_pol ${cost.rPol}`);
}

export async function pipelineSetup(ctx: BenchContext): Promise<void> {
  ctx.log('P: starting the six services and the simulated ERP as processes (fresh database, topics, ports)');
  const pipeline = await startPipeline();
  ctx.pipeline = pipeline;
  ctx.cleanups.push(() => stopPipeline(ctx.admin, pipeline));
  for (let i = 1; i < ctx.instances; i++) {
    const { port } = await pipeline.stack.startInstance('policy-enforcement');
    ctx.log(`P: policy-enforcement instance ${i + 1} of ${ctx.instances} on port ${port}`);
  }
  if (ctx.instances > 1) ctx.results.notes.push(`${ctx.instances} instances of policy-enforcement in its group (--instances).`);
  const tracker = new Tracker(Stages.Decision, [Stages.Scored, Stages.Proposed, Stages.Decision, Stages.Approved, Stages.Executed]);
  const sink = new PipelineSink(pipeline.stack.kafka, pipeline.stack.namespace, tracker);
  await sink.start();
  ctx.cleanups.push(() => sink.stop());
  Object.assign(ctx, { tracker, sink });
  await registerAgents(pipeline.stack);

  const plan = seedPlan(42, ctx.profile.seedSkus, ctx.runId);
  ctx.plan = plan;
  ctx.log(`P: seeding ${plan.records.length} events (supplier terms, ${plan.subjects.length} SKU@locations' demand history) ...`);
  await publishSeed(pipeline.stack.publisher, plan);
  if (!(await waitQuiet(ctx.admin, pipeline, 180_000))) ctx.results.notes.push('Seeding had not drained after 180 s; the first steps include its tail.');

  const stock = new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink);
  const warm = await measuredStep({ ...pipelineLadderContext(ctx, 'P warm-up', stock), profile: { ...ctx.profile.p, stepMs: 4_000 } }, 'P warm-up', ctx.profile.name === 'smoke' ? 5 : 20);
  if (warm.complete < 1) ctx.results.notes.push(`Warm-up: only ${Math.round(warm.complete * 100)}% of the stock reports reached a decision.`);
}

/**
 * The six services with nothing to do (after the seed and the warm-up have drained): their CPU over
 * 20 s, in % of one core, for the idle target (timers, polls and fetch loops are all that runs).
 */
export async function pipelineIdle(ctx: BenchContext): Promise<void> {
  const { pipeline } = need(ctx);
  await waitQuiet(ctx.admin, pipeline, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const monitor = monitorFor(ctx);
  await monitor.begin();
  await new Promise((resolve) => setTimeout(resolve, ctx.profile.name === 'smoke' ? 3_000 : 20_000));
  const sample = await monitor.end();
  const services = Object.entries(sample.processes).filter(([name]) => (PIPELINE_ORDER as readonly string[]).includes(name));
  const perService = Object.fromEntries(services.map(([name, p]) => [name, p.cpuPercent ?? 0]));
  const totalPercent = Math.round(services.reduce((sum, [, p]) => sum + (p.cpuPercent ?? 0), 0) * 10) / 10;
  ctx.results.idle = { seconds: sample.seconds ?? 0, totalPercent, perService, resources: sample };
  ctx.log(`P idle: the six services took ${totalPercent}% of one core (${services.map(([n, p]) => `${n} ${p.cpuPercent}%`).join(', ')})`);
}

export async function pipelineLadder(ctx: BenchContext): Promise<void> {
  const { pipeline, sink, tracker, plan } = need(ctx);
  ctx.log('P: highest sustainable rate of stock reports through the whole chain');
  const stock = new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink);
  const result = await ladder(pipelineLadderContext(ctx, 'P', stock));
  keep(ctx, ...result.steps);
  ctx.results.pipeline = {
    workload: P_WORKLOAD,
    seedEvents: plan.records.length,
    subjects: plan.subjects.length,
    ladder: result,
    outcomes: outcomesOf(tracker, sink, (step) => step.startsWith('P ')),
    peakRssMiB: {},
    modeChanges: sink.modeChanges,
    recordBytes: {},
  };
  ctx.log(`P: max sustainable ${result.maxIsLowerBound ? '>= ' : ''}${result.maxPerS}/s`);
  // Where a report's CPU and statements go at saturation: the first step that did not keep up.
  const saturated = result.firstUnsustainable;
  if (saturated) perReportNote(ctx, `${saturated.label} (saturation)`, saturated);
}

/** Decisions by outcome (and by `outcome: reason`) over the units of the matching steps. */
export function outcomesOf(tracker: Tracker, sink: PipelineSink, inStep: (step: string) => boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const unit of tracker.all()) {
    if (!inStep(unit.step)) continue;
    const decided = sink.outcomes.get(unit.id);
    add(decided?.outcome ?? 'no decision');
    for (const reason of decided?.reasons ?? []) add(`${decided?.outcome}: ${reason}`);
  }
  return counts;
}

/** B0 with the record sizes the pipeline's topics carried. */
export async function b0Phase(ctx: BenchContext): Promise<void> {
  const sink = ctx.sink;
  const size = (topic: string, fallback: number) => sink?.meanBytes(topic) ?? fallback;
  const sizes = {
    source: size(Topics.SourceInventoryV1, 400),
    hops: [size(Topics.QualityScoredV1, 1_200), size(Topics.ActionsProposedV1, 2_500), size(Topics.DecisionsV1, 600), size(Topics.ActionsOutcomesV1, 500)] as [number, number, number, number],
  };
  ctx.log(`B0: four kafkajs hops as processes, record sizes ${sizes.source} -> ${sizes.hops.join(' -> ')} bytes`);
  const tracker = new Tracker(B0_DONE, [B0_DONE]);
  // As many partitions as the pipeline's source topic has (the registry's).
  const partitions = topicSpec(Topics.SourceInventoryV1)?.partitions ?? 6;
  const chain = await B0Chain.start(ctx.kafka, ctx.brokers, sizes, partitions, tracker);
  ctx.extraWatched = chain.watched();
  try {
    const lctx: LadderContext = { name: 'B0', source: chain, tracker, profile: ctx.profile.b0, monitor: monitorFor(ctx), drainMs: ctx.profile.drainMs, log: ctx.log };
    const result = await ladder(lctx);
    const b0: NonNullable<BenchResults['b0']> = { sizes, ladder: result };
    if (result.maxPerS > 0) b0.half = await measuredStep(lctx, 'B0 at half of B0 max', niceRate(result.maxPerS / 2, 1));
    const pMax = ctx.results.pipeline?.ladder.maxPerS ?? 0;
    if (pMax > 0) b0.atPipelineHalf = await measuredStep(lctx, 'B0 at half of P max', niceRate(pMax / 2, 1));
    const saturated = result.firstUnsustainable;
    if (saturated?.resources) {
      const hops = Object.entries(saturated.resources.processes).filter(([n]) => n.startsWith('b0 hop'));
      const [hop, figures] = hops.sort(([, a], [, b]) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))[0] ?? [];
      b0.bound = `${hop ?? '?'} at ${figures?.cpuPercent ?? '?'}% CPU, machine ${saturated.resources.machineCpuPercent ?? '?'}% of ${ctx.results.machine.cores * 100}%`;
    }
    ctx.results.b0 = b0;
    keep(ctx, ...result.steps, b0.half, b0.atPipelineHalf);
    ctx.log(`B0: max sustainable ${result.maxIsLowerBound ? '>= ' : ''}${result.maxPerS}/s`);
  } finally {
    ctx.extraWatched = [];
    await chain.stop();
  }
}

/** P at half of its own max (the latency target) and at half of B0's max (R_lat), when it can. */
export async function pipelineHalfLoads(ctx: BenchContext): Promise<void> {
  const { pipeline, sink, plan } = need(ctx);
  const p = ctx.results.pipeline;
  if (!p) return;
  const stock = new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink);
  const lctx = pipelineLadderContext(ctx, 'P', stock);
  if (p.ladder.maxPerS > 0) p.half = await measuredStep(lctx, 'P at half of P max', niceRate(p.ladder.maxPerS / 2, 1));
  const b0Max = ctx.results.b0?.ladder.maxPerS ?? 0;
  if (b0Max > 0 && p.ladder.maxPerS >= b0Max / 2) {
    p.atB0Half = await measuredStep(lctx, 'P at half of B0 max', niceRate(b0Max / 2, 1));
  } else if (b0Max > 0) {
    p.atB0Half = undefined;
    p.atB0HalfSkipped = `not run: P's max (${p.ladder.maxPerS}/s) is below half of B0's max (${niceRate(b0Max / 2, 1)}/s), so at that load its backlog and latency grow without bound for as long as the load lasts.`;
  }
  keep(ctx, p.half, p.atB0Half);
}

/**
 * One steady load of stock reports for 30 s (`--only steady --rate N`, not part of a full run): for
 * A/B runs of a change at a fixed load, where the ladder's max is too coarse. Logs and notes the CPU
 * each process spent per stock report.
 */
export async function pipelineSteady(ctx: BenchContext, ratePerS: number): Promise<void> {
  const { pipeline, sink, plan } = need(ctx);
  const stock = new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink);
  const lctx = pipelineLadderContext(ctx, 'steady', stock);
  const step = await measuredStep({ ...lctx, profile: { ...lctx.profile, stepMs: 30_000 } }, `P steady at ${ratePerS}/s`, ratePerS);
  keep(ctx, step);
  perReportNote(ctx, `P steady at ${ratePerS}/s`, step);
}

/**
 * Logs and notes what one stock report cost in a step: CPU ms per process (and the machine) and the
 * SQL statements and transactions each service sent, from the step's achieved rate.
 */
function perReportNote(ctx: BenchContext, label: string, step: MeasuredStep): void {
  const processes = Object.entries(step.resources?.processes ?? {});
  const rate = Math.max(step.achievedPerS, 1);
  const seconds = step.resources?.seconds ?? 0;
  const perReport = (cpuPercent: number) => Math.round((cpuPercent * 100) / rate) / 10;
  const perUnit = (count: number) => (seconds > 0 ? Math.round((count * 100) / (rate * seconds)) / 100 : '-');
  const cpu = processes
    .sort(([, a], [, b]) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))
    .map(([name, p]) => `${name} ${perReport(p.cpuPercent ?? 0)}`)
    .join(', ');
  const sql = processes.filter(([, p]) => p.sqlStatements !== undefined);
  const total = sql.reduce((sum, [, p]) => sum + (p.sqlStatements ?? 0), 0);
  const transactions = sql.reduce((sum, [, p]) => sum + (p.sqlTransactions ?? 0), 0);
  const statements = sql.map(([name, p]) => `${name} ${perUnit(p.sqlStatements ?? 0)}`).join(', ');
  const line =
    `${label}: CPU ms per stock report: machine ${perReport(step.resources?.machineCpuPercent ?? 0)}; ${cpu}. ` +
    `SQL statements per stock report: ${perUnit(total)} (${statements}), transactions ${perUnit(transactions)}; ` +
    `decision p50/p99 ${step.latency[Stages.Decision]?.p50Ms ?? '-'}/${step.latency[Stages.Decision]?.p99Ms ?? '-'} ms`;
  ctx.log(line);
  ctx.results.notes.push(line);
}

export function keep(ctx: BenchContext, ...steps: (MeasuredStep | undefined)[]): void {
  for (const step of steps) if (step?.resources) ctx.samples.push(step.resources);
}
