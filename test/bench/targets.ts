// The issue's targets beside the measured figures (reported, never asserted), the ratios, and for
// a missed target the stage that bounds it: the service with the backlog when sending stopped at
// the first load the pipeline did not keep up with, its CPU, event-loop utilisation and delay, where
// the time of a source event's trip went, and whether the machine's cores were simply all busy; and
// the ceiling the run's own baselines put on the pipeline (ceiling.ts).
import { DEFAULT_PORTS } from '@governor/cli';
import { cedarCallsPerDecision, pipelineCeiling, type PipelineCeiling } from './ceiling';
import type { MeasuredStep } from './ladder';
import type { ApprovalPageTiming } from './phases-approvals';
import { PIPELINE_ORDER } from './pipeline-stack';
import type { ResourceSample } from './process-stats';
import type { BenchResults, TargetLine } from './report';
import { round } from './stats';

const SERVICES = Object.keys(DEFAULT_PORTS);
/** Issue 21's bar for P max, stock reports a second on the 2-core machine. */
const P_TARGET = 1_500;

function ms(step: MeasuredStep | undefined, milestone: string): string {
  const l = step?.latency[milestone];
  return l?.p99Ms === undefined ? 'n/a' : `${l.p50Ms} / ${l.p99Ms} ms`;
}

function busiest(resources: ResourceSample | undefined): string {
  const [name, p] = Object.entries(resources?.processes ?? {}).sort(([, a], [, b]) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))[0] ?? [];
  return name ? `${name} ${p?.cpuPercent ?? '?'}%` : '?';
}

/** Where a source event's time went at that step: p50 from publish to each stage. */
function trip(step: MeasuredStep): string {
  return ['scored', 'proposed', 'decision', 'approved', 'executed']
    .map((m) => `${m} ${step.latency[m]?.p50Ms ?? '-'}`)
    .join(', ');
}

export function pipelineBound(step: MeasuredStep | undefined, cores: number): string | undefined {
  if (!step) return undefined;
  const lags = step.lags ?? {};
  const [worst, lag] = PIPELINE_ORDER.slice(0, 4)
    .map((s): [string, number] => [s, lags[s] ?? 0])
    .sort((a, b) => b[1] - a[1])[0];
  const figures = step.resources?.processes[worst];
  const machine = step.resources?.machineCpuPercent ?? 0;
  let text =
    lag > 0
      ? `${worst}: ${lag} records behind when sending stopped at ${step.offeredPerS}/s; CPU ${figures?.cpuPercent ?? '?'}% of one core, event loop busy ${figures?.loopUtilisationPercent ?? '?'}% of the time, its delay p99 ${figures?.loopDelayP99Ms ?? '?'} ms`
      : `no consumer group behind at ${step.offeredPerS}/s: the delay is after consumption (outbox relay, execution)`;
  text += `; p50 ms from publish: ${trip(step)}`;
  if (machine >= 0.9 * cores * 100) text += `; the machine's ${cores} cores were ${machine}% busy (busiest: ${busiest(step.resources)}): the cores, shared by every service, Kafka and Postgres, are the limit`;
  return text;
}

export function peakRss(samples: ResourceSample[]): Record<string, number> {
  const peak: Record<string, number> = {};
  for (const sample of samples) {
    for (const [name, p] of Object.entries(sample.processes)) {
      if (!SERVICES.includes(name) || p.peakRssMiB === undefined) continue;
      peak[name] = Math.max(peak[name] ?? 0, p.peakRssMiB);
    }
  }
  return peak;
}

export function composeTargets(r: BenchResults, samples: ResourceSample[]): void {
  const p = r.pipeline;
  const b0 = r.b0;
  const pMax = p?.ladder.maxPerS ?? 0;
  const b0Max = b0?.ladder.maxPerS ?? 0;
  const lb = (l?: { maxIsLowerBound: boolean }) => (l?.maxIsLowerBound ? '>= ' : '');
  if (p) {
    p.peakRssMiB = peakRss(samples);
    p.bound = pipelineBound(p.ladder.firstUnsustainable, r.machine.cores);
  }
  if (pMax > 0 && b0Max > 0) r.ratios.rThr = round(pMax / b0Max, 3);
  // Every stock report yields exactly one decision (phases.ts), so Cedar's calls per decision in
  // the pipeline's outcome mix are its calls per report; without pipeline outcomes, R_pol's mix.
  const callsPerReport = (p && cedarCallsPerDecision(p.outcomes)) ?? r.policy?.callsPerDecision;
  if (r.policy && callsPerReport)
    r.ceiling = pipelineCeiling({ cores: r.machine.cores, b0MaxPerS: b0Max, cedarMicrosPerCall: r.policy.bareMicrosPerCall, cedarCallsPerReport: callsPerReport });
  const pHalfP99 = p?.half?.latency.decision?.p99Ms;
  const b0HalfP99 = b0?.half?.latency.end?.p99Ms;
  const pAtB0HalfP99 = p?.atB0Half?.latency.decision?.p99Ms;
  if (pAtB0HalfP99 !== undefined && b0HalfP99) r.ratios.rLat = round(pAtB0HalfP99 / b0HalfP99, 2);
  const b0AtPHalf = b0?.atPipelineHalf?.latency.end?.p99Ms;
  if (pHalfP99 !== undefined && b0AtPHalf) r.ratios.rLatSameLoad = round(pHalfP99 / b0AtPHalf, 2);

  const t: TargetLine[] = [];
  const pNote = p?.ladder.maxIsLowerBound ? 'every step offered kept up: the max is at least this (the capacity probe under-estimated it)' : p?.bound;
  t.push({ name: 'P max sustainable, source events/s', value: p ? `${lb(p.ladder)}${pMax}` : 'n/a', target: `>= ${P_TARGET}`, met: p ? pMax >= P_TARGET : undefined, note: pMax >= P_TARGET ? undefined : pNote });
  if (r.ceiling) {
    // A B0 that kept up at every step may be cheaper still, which raises the machine's bound.
    const b0Short = b0?.ladder.maxIsLowerBound ?? false;
    const exact = !b0Short || r.ceiling.policyThreadPerS < r.ceiling.machinePerS;
    t.push({ name: 'P ceiling from the baselines alone (B0 transport + bare Cedar)', value: `${exact ? '' : '>= '}${r.ceiling.perS}`, target: '-', note: ceilingNote(r.ceiling, pMax, b0Short, exact) });
  }
  t.push({ name: 'B0 max sustainable, records/s', value: b0 ? `${lb(b0.ladder)}${b0Max}` : 'n/a', target: '-', note: b0?.ladder.maxIsLowerBound ? 'every step offered kept up: the max is at least this' : b0?.bound });
  t.push({ name: 'R_thr = P max / B0 max', value: String(r.ratios.rThr ?? 'n/a'), target: '>= 0.5', met: r.ratios.rThr === undefined ? undefined : r.ratios.rThr >= 0.5, note: r.ratios.rThr !== undefined && r.ratios.rThr < 0.5 ? `see P max${r.ceiling && !b0?.ladder.maxIsLowerBound ? `; at P's ceiling from the baselines it would be ${round(r.ceiling.perS / b0Max, 3)}` : ''}` : undefined });
  t.push({
    name: `P decision p50 / p99 at half of P max (${p?.half?.offeredPerS ?? '-'}/s)`,
    value: ms(p?.half, 'decision'),
    target: 'p99 <= 250 ms',
    met: pHalfP99 === undefined ? undefined : pHalfP99 <= 250,
    note: pHalfP99 !== undefined && pHalfP99 > 250 && p?.half ? `p50 ms from publish: ${trip(p.half)}` : undefined,
  });
  t.push({ name: `B0 p50 / p99 at half of B0 max (${b0?.half?.offeredPerS ?? '-'}/s)`, value: ms(b0?.half, 'end'), target: '-' });
  t.push({ name: 'R_lat = P p99 / B0 p99 at half of B0 max', value: String(r.ratios.rLat ?? 'n/a'), target: '-', note: p?.atB0HalfSkipped });
  t.push({ name: `R_lat at the same load, half of P max (B0 p99 ${b0AtPHalf ?? '-'} ms)`, value: String(r.ratios.rLatSameLoad ?? 'n/a'), target: '-' });
  t.push({ name: 'R_pol = decision path / bare Cedar calls', value: String(r.ratios.rPol ?? 'n/a'), target: '<= 1.5', met: r.ratios.rPol === undefined ? undefined : r.ratios.rPol <= 1.5, note: r.policy ? policyNote(r.policy) : undefined });
  t.push({ name: 'R_sec = throughput Kafka security on / off', value: String(r.ratios.rSec ?? 'n/a'), target: '>= 0.9', met: r.ratios.rSec === undefined ? undefined : r.ratios.rSec >= 0.9 });
  t.push({ name: 'R_otel = throughput tracing on / off', value: String(r.ratios.rOtel ?? 'n/a'), target: '>= 0.85', met: r.ratios.rOtel === undefined ? undefined : r.ratios.rOtel >= 0.85, note: otelNote(r) });
  const idle = r.idle;
  t.push({
    name: 'Idle services (all six, no load), % of one core',
    value: idle ? String(idle.totalPercent) : 'n/a',
    target: '<= 3',
    met: idle ? idle.totalPercent <= 3 : undefined,
    note: idle ? Object.entries(idle.perService).map(([n, v]) => `${n} ${v}`).join(', ') : undefined,
  });
  const peaks = Object.entries(p?.peakRssMiB ?? {}).sort(([, a], [, b]) => b - a);
  const over = peaks.filter(([, v]) => v >= 150);
  t.push({
    name: 'Peak RSS, largest service',
    value: peaks[0] ? `${peaks[0][1]} MiB (${peaks[0][0]})` : 'n/a',
    target: '< 150 MiB each',
    met: peaks.length === 0 ? undefined : over.length === 0,
    note: over.length > 0 ? `over: ${over.map(([n, v]) => `${n} ${v}`).join(', ')}` : undefined,
  });
  t.push(approvalsTarget(r));
  if (r.agents) t.push({ name: 'Agent proposals drained (PE + EA only), /s', value: String(r.agents.probe.capacityPerS), target: '-', note: `decision p50 / p99 at half: ${ms(r.agents.step, 'decision')}` });
  r.targets = t;
}

/** Issue 22: with 10,000 pending tasks, a page of the review queue in under 200 ms of server time. */
function approvalsTarget(r: BenchResults): TargetLine {
  const a = r.approvals;
  const worst = a?.timings.reduce<ApprovalPageTiming | undefined>((w, t) => ((t.p95Ms ?? 0) > (w?.p95Ms ?? -1) ? t : w), undefined);
  return {
    name: `GET /approvals?limit=100 with ${a?.tasks ?? '10000'} pending, slowest p95 (order, page)`,
    value: worst?.p95Ms === undefined ? 'n/a' : `${worst.p95Ms} ms (${worst.sort}, ${worst.page})`,
    target: '< 200 ms',
    met: worst?.p95Ms === undefined ? undefined : worst.p95Ms < 200,
    note: a ? a.timings.map((x) => `${x.sort} ${x.page} ${x.p50Ms}/${x.p95Ms}`).join(', ') + ' ms p50/p95, loopback round trips' : undefined,
  };
}

function ceilingNote(c: PipelineCeiling, pMax: number, b0Short: boolean, exact: boolean): string {
  const calls = c.cedarCallsPerReport === 1 ? 'once' : `${c.cedarCallsPerReport} times`;
  const share = pMax > 0 && exact ? `; P reached ${pMax}/s, ${round((100 * pMax) / c.perS)}% of it` : '';
  const reach = c.perS < P_TARGET && exact ? `; the ${P_TARGET}/s target is above it, so out of reach on this machine whatever else the services do, unless Cedar is asked less` : '';
  return `with Postgres, validation and the services' own work free: the cores moving every report as B0 moves a record (${b0Short ? '>= ' : ''}${c.b0MaxPerS}/s) and asking Cedar ${calls} a report at ${c.cedarMicrosPerCall} µs allow ${b0Short ? '>= ' : ''}${c.machinePerS}/s; policy-enforcement's one thread doing only those calls ${c.policyThreadPerS}/s${share}${reach}`;
}

function otelNote(r: BenchResults): string | undefined {
  const o = r.otel;
  if (!o) return undefined;
  const serviceCpu = (s?: ResourceSample) => round(Object.entries(s?.processes ?? {}).filter(([n]) => SERVICES.includes(n)).reduce((sum, [, p]) => sum + (p.cpuPercent ?? 0), 0));
  const rounds = (o.rounds?.length ?? 0) > 1 ? `median of the rounds' ${o.rounds?.map((x) => x.ratio).join(', ')}: ` : '';
  return `${rounds}off ${o.offProbe.capacityPerS}/s, default ${o.defaultProbe.capacityPerS}/s, on ${o.onProbe.capacityPerS}/s (${o.sampling ? 'one trace in ten sampled, as recommended for production' : 'every span'}); services' CPU while draining: off ${serviceCpu(o.offResources)}%, on ${serviceCpu(o.onResources)}%; ${o.spans} spans exported${o.everySpan ? `; every span (always_on) ${o.everySpan.probe.capacityPerS}/s` : ''}`;
}

function policyNote(c: NonNullable<BenchResults['policy']>): string {
  const { validateMicros, buildMicros, decideMicros, engineMicros } = c.parts;
  return `${c.peMicrosPerDecision} vs ${c.bareMicrosPerDecision} µs per decision; of the path: parameter validation ${validateMicros}, request building ${buildMicros}, decide() ${decideMicros} (of which the engine's authorize() ${engineMicros}) µs`;
}
