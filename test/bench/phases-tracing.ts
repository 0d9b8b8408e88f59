// The parts of a run after the main ladder: agent proposals (policy-enforcement and
// execution-adapters alone), and R_otel: the same burst of stock reports drained with the
// OpenTelemetry SDK disabled, and with tracing as recommended in production (one trace in ten
// sampled, its spans exported over OTLP/HTTP to a sink in the bench), each after restarting every
// service with that setting and a warm-up; then once with every span exported, for comparison. The default setting
// (SDK on, no exporter, so no span recorded) is drained too, as the services were running for the ladder.
import { PRODUCTION_TRACE_SAMPLING } from '@governor/telemetry';
import type { CapacityProbe } from './load-ladder';
import { measuredStep, niceRate, probe } from './ladder';
import { OtlpSink } from './otlp-sink';
import { keep, monitorFor, need, outcomesOf, pipelineLadderContext, type BenchContext } from './phases';
import { restartPipeline } from './pipeline-stack';
import { AgentProposals, StockReports } from './pipeline-workloads';
import type { ResourceSample } from './process-stats';

export const AGENT_WORKLOAD =
  'small purchase orders (confidence 0.95) from the registered replenishment agent on agents.proposals.v1; latency from publishing the proposal to its decision, and to the approved action and its execution';

export async function agentsPhase(ctx: BenchContext): Promise<void> {
  const { pipeline, sink, tracker, plan } = need(ctx);
  ctx.log('Agents: proposals straight to policy-enforcement (and execution-adapters)');
  const agents = new AgentProposals(pipeline.stack.publisher, plan, ctx.runId, sink);
  const lctx = pipelineLadderContext(ctx, 'agents', agents);
  const capacity = await probe(lctx, 'agents probe', ctx.profile.agentProbe);
  const step = capacity.capacityPerS > 0 ? await measuredStep(lctx, 'agents at half of their probe', niceRate(capacity.capacityPerS / 2, 1)) : undefined;
  keep(ctx, step);
  ctx.results.agents = { workload: AGENT_WORKLOAD, probe: capacity, step, outcomes: outcomesOf(tracker, sink, (s) => s.startsWith('agents')) };
}

export async function otelPhase(ctx: BenchContext): Promise<void> {
  const { pipeline, sink, plan } = need(ctx);
  const stock = new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink);
  const lctx = pipelineLadderContext(ctx, 'tracing', stock);
  // The burst is sized from the ladder's last probe; run alone (--only tracing), from a probe of its own.
  const probes = ctx.results.pipeline?.ladder.probes ?? [];
  const capacity = probes[probes.length - 1]?.capacityPerS ?? (await probe(lctx, 'tracing capacity probe', ctx.profile.p.firstProbe)).capacityPerS;
  const units =
    ctx.profile.otelProbeSeconds > 0 ? Math.round(Math.min(ctx.profile.otelMaxProbe, Math.max(200, capacity * ctx.profile.otelProbeSeconds))) : ctx.profile.otelMaxProbe;
  const warmUnits = Math.max(20, Math.round(units / 5));

  type Drained = { probe: CapacityProbe; resources: ResourceSample };
  const drainWith = async (label: string, env?: Record<string, string>): Promise<Drained> => {
    if (env) {
      ctx.log(`Tracing: restarting every service with ${Object.keys(env).join(', ')}`);
      await restartPipeline(ctx.admin, pipeline, env);
    }
    await probe(lctx, `${label} warm-up`, warmUnits);
    const monitor = monitorFor(ctx);
    await monitor.begin();
    const result = await probe(lctx, label, units);
    const resources = await monitor.end();
    ctx.samples.push(resources);
    return { probe: result, resources };
  };

  // Off and on in turn, in several rounds: a single drain of each wandered by a fifth or more
  // between runs of the same code (R_otel 0.52-1.01), so each round's pair is taken close together
  // and the round with the median ratio stands for the run.
  const rounds = ctx.profile.otelRounds;
  ctx.log(`Tracing: draining ${units} stock reports in each setting, off and on in turn, ${rounds} round(s)`);
  const byDefault = await drainWith('tracing default');
  const receiver = await OtlpSink.start();
  ctx.cleanups.push(() => receiver.stop());
  const pairs: { off: Drained; on: Drained; ratio: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const of = rounds > 1 ? ` (round ${round}/${rounds})` : '';
    const off = await drainWith(`tracing off${of}`, { OTEL_SDK_DISABLED: 'true' });
    const on = await drainWith(`tracing on${of}`, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...PRODUCTION_TRACE_SAMPLING });
    const ratio = off.probe.capacityPerS > 0 ? Math.round((on.probe.capacityPerS / off.probe.capacityPerS) * 100) / 100 : 0;
    ctx.log(`Tracing${of}: off ${off.probe.capacityPerS}/s, on ${on.probe.capacityPerS}/s: ${ratio}`);
    pairs.push({ off, on, ratio });
  }
  // Let the batch span processors flush what the burst left in their queues.
  await new Promise((r) => setTimeout(r, 6_000));
  const sampledSpans = receiver.spans;
  // For comparison, not for R_otel: every trace recorded and exported, once.
  const everySpan = await drainWith('tracing, every span', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: 'always_on' });
  await new Promise((r) => setTimeout(r, 6_000));
  const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor((pairs.length - 1) / 2)];
  ctx.results.otel = {
    probeUnits: units,
    defaultProbe: byDefault.probe,
    offProbe: median.off.probe,
    onProbe: median.on.probe,
    offResources: median.off.resources,
    onResources: median.on.resources,
    rounds: pairs.map(({ off, on, ratio }) => ({ offPerS: off.probe.capacityPerS, onPerS: on.probe.capacityPerS, ratio })),
    sampling: PRODUCTION_TRACE_SAMPLING,
    spans: sampledSpans,
    spansPerUnit: Math.round((sampledSpans / (rounds * (units + warmUnits))) * 10) / 10,
    everySpan: { probe: everySpan.probe, spans: receiver.spans - sampledSpans, spansPerUnit: Math.round((receiver.spans - sampledSpans) / (units + warmUnits)) },
    exportRequests: receiver.requests,
    exportMiB: Math.round((receiver.bytes / 1024 ** 2) * 10) / 10,
  };
  if (median.off.probe.capacityPerS > 0) ctx.results.ratios.rOtel = median.ratio;
  ctx.log(
    `Tracing: default ${byDefault.probe.capacityPerS}/s; every span ${everySpan.probe.capacityPerS}/s; R_otel ${ctx.results.ratios.rOtel ?? '-'} (median of ${pairs.map((p) => p.ratio).join(', ')}; ${receiver.spans} spans exported)`,
  );
}
