// The parts of a run after the main ladder: agent proposals (policy-enforcement and
// execution-adapters alone), and R_otel: the same burst of stock reports drained with the
// OpenTelemetry SDK disabled, and with every span exported over OTLP/HTTP to a sink in the bench
// (each after restarting every service with that setting and a warm-up). The default setting
// (SDK on, no exporter, so no span recorded) is drained too, as the services were running for the ladder.
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

  const drainWith = async (label: string, env?: Record<string, string>): Promise<{ probe: CapacityProbe; resources: ResourceSample }> => {
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

  ctx.log(`Tracing: draining ${units} stock reports in each setting`);
  const byDefault = await drainWith('tracing default');
  const off = await drainWith('tracing off', { OTEL_SDK_DISABLED: 'true' });
  const receiver = await OtlpSink.start();
  ctx.cleanups.push(() => receiver.stop());
  const on = await drainWith('tracing on', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: 'always_on' });
  // Let the batch span processors flush what the burst left in their queues.
  await new Promise((r) => setTimeout(r, 6_000));
  ctx.results.otel = {
    probeUnits: units,
    defaultProbe: byDefault.probe,
    offProbe: off.probe,
    onProbe: on.probe,
    offResources: off.resources,
    onResources: on.resources,
    spans: receiver.spans,
    spansPerUnit: Math.round(receiver.spans / (units + warmUnits)),
    exportRequests: receiver.requests,
    exportMiB: Math.round((receiver.bytes / 1024 ** 2) * 10) / 10,
  };
  if (off.probe.capacityPerS > 0) ctx.results.ratios.rOtel = Math.round((on.probe.capacityPerS / off.probe.capacityPerS) * 100) / 100;
  ctx.log(`Tracing: off ${off.probe.capacityPerS}/s, default ${byDefault.probe.capacityPerS}/s, on ${on.probe.capacityPerS}/s (${receiver.spans} spans exported): R_otel ${ctx.results.ratios.rOtel ?? '-'}`);
}
