// The search for a system's highest sustainable rate, the same for B0 and P: probe its capacity by
// draining a burst, then offer fixed loads at fractions of that capacity, each step measured with
// the CPU, memory and event-loop delay of every watched process (and, for P, each service's
// consumer lag when sending stops, which shows where the backlog builds up). The highest step that
// kept up (throughput within 5% of the offer, backlog flat, every measured unit done) is the max;
// when the next step up failed far above it, one more step halfway between narrows it down.
import { type CapacityProbe, type LoadSource, probeCapacity, runStep, stalledAt, type StepResult, type Tracker, waitUntil } from './load-ladder';
import type { LadderProfile } from './bench-profile';
import type { ResourceMonitor, ResourceSample } from './process-stats';

export interface MeasuredStep extends StepResult {
  resources?: ResourceSample;
  /** Records each consumer group had not yet committed when sending stopped. */
  lags?: Record<string, number>;
}

export interface LadderResult {
  probes: CapacityProbe[];
  steps: MeasuredStep[];
  maxPerS: number;
  /** True when even the highest step kept up: the max is then at least maxPerS. */
  maxIsLowerBound: boolean;
  firstUnsustainable?: MeasuredStep;
}

export interface LadderContext {
  name: string;
  source: LoadSource;
  tracker: Tracker;
  profile: LadderProfile;
  monitor: ResourceMonitor;
  lags?: () => Promise<Record<string, number>>;
  drainMs: number;
  log: (line: string) => void;
}

export function niceRate(rate: number, min: number): number {
  const r = Math.max(min, rate);
  if (r >= 1_000) return Math.round(r / 100) * 100;
  if (r >= 100) return Math.round(r / 10) * 10;
  return Math.max(1, Math.round(r));
}

/** Waits until the units of `label` are done (units lost earlier must not hold up later parts). */
export async function drain(ctx: LadderContext, label: string): Promise<boolean> {
  const units = ctx.tracker.unitsOf(label);
  const left = () => units.filter((u) => !u.done.has(ctx.tracker.primary)).length;
  const drained = await waitUntil(() => left() === 0, ctx.drainMs, 200);
  if (!drained) ctx.log(`  ! ${left()} units of ${label} still in flight after ${ctx.drainMs / 1_000}s; going on`);
  return drained;
}

export async function measuredStep(ctx: LadderContext, label: string, ratePerS: number): Promise<MeasuredStep> {
  let resources: ResourceSample | undefined;
  let lags: Record<string, number> | undefined;
  const result = await runStep(ctx.source, ctx.tracker, {
    label,
    ratePerS,
    durationMs: ctx.profile.stepMs,
    warmFraction: ctx.profile.warmFraction,
    graceMs: ctx.profile.graceMs,
    atStart: () => ctx.monitor.begin(),
    atSendEnd: async () => {
      resources = await ctx.monitor.end();
      lags = ctx.lags ? await ctx.lags().catch(() => undefined) : undefined;
    },
  });
  const step: MeasuredStep = { ...result, resources, lags };
  ctx.log(`  ${describe(step, ctx.tracker.primary)}`);
  await drain(ctx, label);
  return step;
}

export function describe(step: MeasuredStep, primary: string): string {
  const latency = step.latency[primary];
  const busiest = Object.entries(step.resources?.processes ?? {})
    .sort(([, a], [, b]) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))
    .slice(0, 2)
    .map(([name, p]) => `${name} ${p.cpuPercent ?? '?'}%`)
    .join(', ');
  const [loopName, loop] = Object.entries(step.resources?.processes ?? {})
    .filter(([, p]) => p.loopUtilisationPercent !== undefined)
    .sort(([, a], [, b]) => (b.loopUtilisationPercent ?? 0) - (a.loopUtilisationPercent ?? 0))[0] ?? [];
  const busiestLoop = loopName ? `; busiest event loop ${loopName} ${loop?.loopUtilisationPercent}%` : '';
  return (
    `${step.label}: offered ${step.offeredPerS}/s (sent ${step.sentPerS}/s) -> ${step.achievedPerS}/s, ` +
    `p50 ${latency?.p50Ms ?? '-'} ms p99 ${latency?.p99Ms ?? '-'} ms, backlog ${step.backlogGrowth >= 0 ? '+' : ''}${step.backlogGrowth}, ` +
    `done ${Math.round(step.complete * 100)}%${step.stalled ? ` (not done, by last stage reached: ${JSON.stringify(step.stalled)})` : ''} ` +
    `${step.sustainable ? 'OK' : 'NOT SUSTAINED'} | cpu ${busiest} (machine ${step.resources?.machineCpuPercent ?? '?'}%)${busiestLoop}`
  );
}

export async function probe(ctx: LadderContext, label: string, count: number): Promise<CapacityProbe> {
  ctx.log(`  ${label}: ${count} units at once ...`);
  const result = await probeCapacity(ctx.source, ctx.tracker, label, count, ctx.drainMs);
  ctx.log(`  ${label}: drained ${result.completed}/${result.units} at ${result.capacityPerS}/s (sent in ${result.sendS}s)`);
  if (result.completed < result.units) {
    const stalled = JSON.stringify(stalledAt(ctx.tracker, ctx.tracker.unitsOf(label)));
    ctx.log(`  ! ${result.units - result.completed} units of ${label} not done after ${ctx.drainMs / 1_000}s (by last stage reached: ${stalled}); going on`);
  }
  return result;
}

export async function ladder(ctx: LadderContext): Promise<LadderResult> {
  const p = ctx.profile;
  const probes = [await probe(ctx, `${ctx.name} probe 1`, p.firstProbe)];
  let capacity = probes[0].capacityPerS;
  if (p.probeSeconds > 0 && capacity > 0) {
    const count = Math.round(Math.min(p.maxProbe, Math.max(p.firstProbe, capacity * p.probeSeconds)));
    probes.push(await probe(ctx, `${ctx.name} probe 2`, count));
    capacity = probes[1].capacityPerS || capacity;
  }
  const steps: MeasuredStep[] = [];
  let failures = 0;
  for (const [i, fraction] of p.fractions.entries()) {
    const rate = niceRate(capacity * fraction, p.minRate);
    if (steps.some((s) => s.offeredPerS === rate)) continue;
    const step = await measuredStep(ctx, `${ctx.name} step ${i + 1}/${p.fractions.length}`, rate);
    steps.push(step);
    failures = step.sustainable ? 0 : failures + 1;
    // Two failures in a row: the rest would only pile up backlog.
    if (failures >= 2) break;
  }
  // The fractions are coarse (a quarter of the probed rate apart at the bottom): one more step
  // halfway between the highest that kept up and the lowest that did not, when they are far apart.
  const keptMax = () => steps.filter((s) => s.sustainable).reduce((m, s) => Math.max(m, s.offeredPerS), 0);
  const lowestFailed = Math.min(...steps.filter((s) => !s.sustainable).map((s) => s.offeredPerS));
  const between = niceRate((keptMax() + lowestFailed) / 2, p.minRate);
  if (keptMax() > 0 && Number.isFinite(lowestFailed) && lowestFailed > keptMax() * 1.2 && between > keptMax() && between < lowestFailed) {
    steps.push(await measuredStep(ctx, `${ctx.name} step between`, between));
  }
  const maxPerS = keptMax();
  const highest = steps.reduce<MeasuredStep | undefined>((h, s) => (h === undefined || s.offeredPerS > h.offeredPerS ? s : h), undefined);
  return {
    probes,
    steps,
    maxPerS,
    maxIsLowerBound: highest !== undefined && highest.sustainable,
    firstUnsustainable: steps.filter((s) => !s.sustainable).sort((a, b) => a.offeredPerS - b.offeredPerS)[0],
  };
}
