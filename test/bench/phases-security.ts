// R_sec (issue 20): what Kafka security costs the pipeline. The same burst of stock reports drained
// by the pipeline as `npm start` runs it (SASL/SCRAM, per-service principals, ACLs) and by a second
// pipeline on a plaintext broker of the bench's own, each seeded and warmed up, then drained in turn
// over a few rounds; R_sec is the median round's ratio of their drain rates. Approved actions are
// signed in both: signing is not a setting.
import { createKafka } from '@governor/messaging';
import { localPrincipalsInUse } from '../support/kafka-principals';
import { OwnBroker } from '../support/own-broker';
import { probe } from './ladder';
import { type CapacityProbe, Tracker } from './load-ladder';
import { need, pipelineLadderContext, type BenchContext } from './phases';
import { PipelineSink, Stages } from './pipeline-sink';
import { startPipeline, stopPipeline, waitQuiet } from './pipeline-stack';
import { publishSeed, seedPlan, StockReports } from './pipeline-workloads';

export async function securityPhase(ctx: BenchContext): Promise<void> {
  const { pipeline, sink, plan } = need(ctx);
  if (!localPrincipalsInUse()) {
    ctx.results.notes.push('R_sec: the broker runs plaintext (KAFKA_SECURITY=plaintext), so there is nothing to compare.');
    return;
  }
  const probes = ctx.results.pipeline?.ladder.probes ?? [];
  const secured = pipelineLadderContext(ctx, 'security on', new StockReports(pipeline.stack.publisher, plan, ctx.runId, sink));
  const capacity = probes[probes.length - 1]?.capacityPerS ?? (await probe(secured, 'security capacity probe', ctx.profile.p.firstProbe)).capacityPerS;
  const units = ctx.profile.otelProbeSeconds > 0 ? Math.round(Math.min(ctx.profile.otelMaxProbe, Math.max(200, capacity * ctx.profile.otelProbeSeconds))) : ctx.profile.otelMaxProbe;
  const warmUnits = Math.max(20, Math.round(units / 5));

  const rounds = ctx.profile.otelRounds;
  ctx.log(`R_sec: draining ${units} stock reports with Kafka security on (this pipeline) and off (a plaintext broker and pipeline of the bench's own), in turn, ${rounds} round(s)`);
  await probe(secured, 'security on warm-up', warmUnits);

  const broker = OwnBroker.start({ security: 'plaintext', log: (line) => ctx.log(`R_sec: ${line}`) });
  ctx.cleanups.push(async () => broker.stop());
  const plain = await plaintextContext(ctx, broker.brokers);
  try {
    const open = pipelineLadderContext(plain, 'security off', new StockReports(need(plain).pipeline.stack.publisher, need(plain).plan, plain.runId, need(plain).sink));
    // The secured pipeline has run longer (the ladder, or at least a probe): the open one gets a
    // second warm-up burst before its first measured drain.
    await probe(open, 'security off warm-up', warmUnits);
    await probe(open, 'security off warm-up 2', warmUnits);
    // On and off in turn, a round each, as for R_otel: one drain of each wanders by a fifth between
    // runs of the same code; the round with the median ratio stands for the run.
    const results: { on: CapacityProbe; off: CapacityProbe; ratio: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const on = await probe(secured, `security on, round ${round}`, units);
      const off = await probe(open, `security off, round ${round}`, units);
      results.push({ on, off, ratio: off.capacityPerS > 0 ? on.capacityPerS / off.capacityPerS : Number.NaN });
    }
    const ordered = results.filter((r) => Number.isFinite(r.ratio)).sort((a, b) => a.ratio - b.ratio);
    const median = ordered[Math.floor((ordered.length - 1) / 2)];
    if (median) {
      ctx.results.ratios.rSec = Math.round(median.ratio * 100) / 100;
      ctx.results.security = {
        probeUnits: units,
        onProbe: median.on,
        offProbe: median.off,
        rounds: results.map((r) => ({ onPerS: r.on.capacityPerS, offPerS: r.off.capacityPerS, ratio: Math.round(r.ratio * 100) / 100 })),
      };
    }
    ctx.log(`R_sec: rounds ${results.map((r) => `${r.on.capacityPerS}/${r.off.capacityPerS}`).join(', ')} (on/off per s): ${ctx.results.ratios.rSec ?? 'n/a'}`);
  } finally {
    await stopPipeline(plain.admin, need(plain).pipeline).catch(() => undefined);
    await need(plain).sink.stop().catch(() => undefined);
    await plain.admin.disconnect().catch(() => undefined);
    broker.stop();
  }
}

/** A second pipeline, seeded like the first, on the plaintext broker: a context of its own. */
async function plaintextContext(ctx: BenchContext, brokers: string[]): Promise<BenchContext> {
  // The harness reads the broker and its security from the environment while it starts the stack.
  const saved = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_SECURITY: process.env.KAFKA_SECURITY };
  process.env.KAFKA_BROKERS = brokers.join(',');
  process.env.KAFKA_SECURITY = 'plaintext';
  try {
    const kafka = createKafka({ brokers, clientId: 'governor-bench-plaintext' });
    const admin = kafka.admin();
    await admin.connect();
    const pipeline = await startPipeline();
    const tracker = new Tracker(Stages.Decision, [Stages.Scored, Stages.Proposed, Stages.Decision, Stages.Approved, Stages.Executed]);
    const sink = new PipelineSink(pipeline.stack.kafka, pipeline.stack.namespace, tracker);
    await sink.start();
    const plan = seedPlan(42, ctx.profile.seedSkus, `${ctx.runId}-plain`);
    const plain: BenchContext = { ...ctx, runId: `${ctx.runId}-plain`, kafka, admin, brokers, pipeline, sink, tracker, plan, cleanups: ctx.cleanups };
    ctx.log(`R_sec: seeding the plaintext pipeline (${plan.records.length} events) ...`);
    await publishSeed(pipeline.stack.publisher, plan);
    await waitQuiet(admin, pipeline, 180_000);
    return plain;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
