// The benchmark's results: one JSON document per run (for comparing runs) and the same figures as
// a table on the terminal and as markdown (test/bench/results/benchmarks.md). Targets are reported
// beside the figures, never asserted; a missed target names the stage that bounds it.
import type { PipelineCeiling } from './ceiling';
import type { CapacityProbe } from './load-ladder';
import type { LadderResult, MeasuredStep } from './ladder';
import type { MachineInfo } from './machine';
import type { ApprovalPageTiming } from './phases-approvals';
import type { PolicyCost } from './policy-cost';
import type { ChainSizes } from './b0-chain';
import type { ModeChange } from './pipeline-sink';
import type { ResourceSample } from './process-stats';

export interface TargetLine {
  name: string;
  value: string;
  target: string;
  met?: boolean;
  note?: string;
}

export interface BenchResults {
  date: string;
  profile: 'full' | 'smoke';
  durationS: number;
  machine: MachineInfo;
  b0?: { sizes: ChainSizes; ladder: LadderResult; half?: MeasuredStep; atPipelineHalf?: MeasuredStep; bound?: string };
  pipeline?: {
    workload: string;
    seedEvents: number;
    subjects: number;
    ladder: LadderResult;
    half?: MeasuredStep;
    atB0Half?: MeasuredStep;
    atB0HalfSkipped?: string;
    bound?: string;
    outcomes: Record<string, number>;
    peakRssMiB: Record<string, number>;
    modeChanges: ModeChange[];
    recordBytes: Record<string, number | undefined>;
  };
  agents?: { workload: string; probe: CapacityProbe; step?: MeasuredStep; outcomes: Record<string, number> };
  otel?: {
    probeUnits: number;
    defaultProbe: CapacityProbe;
    offProbe: CapacityProbe;
    onProbe: CapacityProbe;
    offResources?: ResourceSample;
    onResources?: ResourceSample;
    /** Each round's drain rates, off then on, and their ratio (older runs: one round, not listed). */
    rounds?: { offPerS: number; onPerS: number; ratio: number }[];
    /** The OTEL_* sampling settings of the "on" drains (older runs: every span, always_on). */
    sampling?: Record<string, string>;
    /** Spans the "on" drains exported. */
    spans: number;
    spansPerUnit: number;
    /** One drain with every trace recorded and exported (always_on), for comparison; not part of R_otel. */
    everySpan?: { probe: CapacityProbe; spans: number; spansPerUnit: number };
    exportRequests: number;
    exportMiB: number;
  };
  policy?: PolicyCost;
  /** The most P could carry if only B0's transport and the bare Cedar calls cost anything (ceiling.ts). */
  ceiling?: PipelineCeiling;
  /** The six services with no load: CPU in % of one core (phases.ts pipelineIdle). */
  idle?: { seconds: number; totalPercent: number; perService: Record<string, number>; resources: ResourceSample };
  ratios: { rThr?: number; rLat?: number; rLatSameLoad?: number; rPol?: number; rOtel?: number; rSec?: number };
  /** R_sec: the same burst drained with Kafka security on and off (phases-security.ts). */
  security?: { probeUnits: number; onProbe: CapacityProbe; offProbe: CapacityProbe; rounds?: { onPerS: number; offPerS: number; ratio: number }[] };
  /** Pages of `GET /approvals` with this many pending tasks (phases-approvals.ts). */
  approvals?: { tasks: number; pageSize: number; timings: ApprovalPageTiming[] };
  targets: TargetLine[];
  notes: string[];
  errors: string[];
}

type Row = (string | number | undefined)[];

function cell(v: string | number | undefined): string {
  return v === undefined ? '-' : typeof v === 'number' ? String(v) : v;
}

export function textTable(headers: string[], rows: Row[]): string {
  const all = [headers, ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function markdownTable(headers: string[], rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => esc(cell(c))).join(' | ')} |`)].join('\n');
}

function verdict(t: TargetLine): string {
  if (t.target === '-') return '-';
  return t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED';
}

export function summaryRows(r: BenchResults): { headers: string[]; rows: Row[] } {
  return {
    headers: ['figure', 'value', 'target', 'verdict', 'bounded by / note'],
    rows: r.targets.map((t) => [t.name, t.value, t.target, verdict(t), t.note]),
  };
}

function stepRows(steps: MeasuredStep[], milestones: string[]): Row[] {
  return steps.map((s) => {
    const busiest = Object.entries(s.resources?.processes ?? {})
      .sort(([, a], [, b]) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))
      .slice(0, 3)
      .map(([n, p]) => `${n} ${p.cpuPercent ?? '?'}%`)
      .join(', ');
    return [
      s.label,
      s.offeredPerS,
      s.achievedPerS,
      s.backlogGrowth,
      ...milestones.flatMap((m) => [s.latency[m]?.p50Ms, s.latency[m]?.p99Ms]),
      s.sustainable ? 'yes' : 'no',
      `${busiest}; machine ${s.resources?.machineCpuPercent ?? '?'}%`,
    ];
  });
}

function stepHeaders(milestones: string[]): string[] {
  return ['step', 'offered/s', 'achieved/s', 'backlog', ...milestones.flatMap((m) => [`${m} p50 ms`, `${m} p99 ms`]), 'kept up', 'CPU (% of one core)'];
}

export const B0_MILESTONES = ['end'];
export const P_MILESTONES = ['proposed', 'decision', 'approved', 'executed'];

function processRows(step: MeasuredStep | undefined, peak: Record<string, number>): Row[] {
  if (!step?.resources) return [];
  return Object.entries(step.resources.processes).map(([name, p]) => [name, p.cpuPercent, p.loopUtilisationPercent, p.rssMiB, peak[name] ?? p.peakRssMiB, p.loopDelayP99Ms, p.loopDelayMaxMs, step.lags?.[name]]);
}

const PROCESS_HEADERS = ['process', 'CPU %', 'loop busy %', 'RSS MiB', 'peak RSS MiB', 'loop delay p99 ms', 'loop delay max ms', 'consumer lag'];

export function renderText(r: BenchResults): string {
  const out: string[] = [];
  out.push(`Governor benchmark (${r.profile}) ${r.date} | ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.kafka}, ${r.machine.postgres}, Node ${r.machine.node} | load avg at start ${r.machine.loadAverageAtStart} | ${r.durationS}s`);
  const s = summaryRows(r);
  out.push('', textTable(s.headers, s.rows));
  if (r.b0) out.push('', 'B0 (four plain kafkajs hops)', textTable(stepHeaders(B0_MILESTONES), stepRows(allSteps(r.b0.ladder, r.b0.half, r.b0.atPipelineHalf), B0_MILESTONES)));
  if (r.pipeline) {
    out.push('', `P (${r.pipeline.workload})`, textTable(stepHeaders(P_MILESTONES), stepRows(allSteps(r.pipeline.ladder, r.pipeline.half, r.pipeline.atB0Half), P_MILESTONES)));
    const at = r.pipeline.ladder.firstUnsustainable ?? r.pipeline.ladder.steps[r.pipeline.ladder.steps.length - 1];
    out.push('', `Processes at ${at?.label ?? '-'}`, textTable(PROCESS_HEADERS, processRows(at, r.pipeline.peakRssMiB)));
  }
  if (r.approvals) out.push('', `Approvals (${r.approvals.tasks} pending tasks, pages of ${r.approvals.pageSize})`, textTable(APPROVAL_HEADERS, approvalRows(r.approvals.timings)));
  if (r.errors.length > 0) out.push('', 'Errors:', ...r.errors.map((e) => `  ${e}`));
  return out.join('\n');
}

function allSteps(l: LadderResult, ...extra: (MeasuredStep | undefined)[]): MeasuredStep[] {
  return [...l.steps, ...extra.filter((s): s is MeasuredStep => s !== undefined)];
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    '# Governor benchmarks',
    '',
    `Run ${r.date} (${r.profile} profile, ${r.durationS} s) with \`npm run bench\`. Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${m.kafka}; ${m.postgres}. Load average when it started: ${m.loadAverageAtStart} (other work on the machine competes for the same cores).`,
    '',
    'Targets are benchmark figures, not test assertions. How each figure is measured is at the end.',
    '',
    '## Summary',
    '',
  ];
  const s = summaryRows(r);
  out.push(markdownTable(s.headers, s.rows));
  if (r.b0) {
    out.push('', '## B0: four plain kafkajs consume-and-produce hops', '', `Record sizes (bytes): source ${r.b0.sizes.source}, hops ${r.b0.sizes.hops.join(' / ')}. Capacity probes: ${r.b0.ladder.probes.map((p) => `${p.units} units drained at ${p.capacityPerS}/s`).join('; ')}.`, '');
    out.push(markdownTable(stepHeaders(B0_MILESTONES), stepRows(allSteps(r.b0.ladder, r.b0.half, r.b0.atPipelineHalf), B0_MILESTONES)));
  }
  if (r.pipeline) {
    const p = r.pipeline;
    out.push('', '## P: the pipeline', '', `Workload: ${p.workload}. Seeded first: ${p.seedEvents} events for ${p.subjects} SKU@locations. Capacity probes: ${p.ladder.probes.map((x) => `${x.units} units drained at ${x.capacityPerS}/s`).join('; ')}. Decision outcomes: ${fmtCounts(p.outcomes)}.`, '');
    out.push(markdownTable(stepHeaders(P_MILESTONES), stepRows(allSteps(p.ladder, p.half, p.atB0Half), P_MILESTONES)));
    if (p.atB0HalfSkipped) out.push('', `At half of B0's max: ${p.atB0HalfSkipped}`);
    const at = p.ladder.firstUnsustainable ?? p.ladder.steps[p.ladder.steps.length - 1];
    out.push('', `### Processes at ${at?.label ?? '-'} (consumer lag when sending stopped)`, '', markdownTable(PROCESS_HEADERS, processRows(at, p.peakRssMiB)));
    out.push('', `Mean record sizes seen (bytes): ${Object.entries(p.recordBytes).map(([t, b]) => `${t} ${b ?? '-'}`).join(', ')}.`);
    if (p.modeChanges.length > 0) out.push('', `Domain mode changes during the run: ${p.modeChanges.map((c) => `${c.domain} -> ${c.mode} (${c.reason})`).join('; ')}.`);
  }
  if (r.agents) {
    out.push('', '## Agent proposals (policy-enforcement and execution-adapters only)', '', `${r.agents.workload}. Probe: ${r.agents.probe.units} proposals drained at ${r.agents.probe.capacityPerS}/s. Outcomes: ${fmtCounts(r.agents.outcomes)}.`);
    if (r.agents.step) out.push('', markdownTable(stepHeaders(P_MILESTONES.slice(1)), stepRows([r.agents.step], P_MILESTONES.slice(1))));
  }
  if (r.security) {
    const s = r.security;
    out.push('', '## Kafka security', '', `The same burst of ${s.probeUnits} stock reports, after a warm-up burst, drained by the pipeline as npm start runs it (SASL/SCRAM-SHA-512, a principal per service, the registry's ACLs) at ${s.onProbe.capacityPerS}/s, and by a second pipeline on a plaintext broker of the bench's own at ${s.offProbe.capacityPerS}/s, in the round with the median ratio (rounds, on/off per s: ${(s.rounds ?? []).map((x) => `${x.onPerS}/${x.offPerS}`).join(', ') || '-'}): R_sec ${r.ratios.rSec ?? 'n/a'}. Approved actions are signed in both.`);
  }
  if (r.otel) {
    const o = r.otel;
    const rounds = o.rounds ?? [{ offPerS: o.offProbe.capacityPerS, onPerS: o.onProbe.capacityPerS, ratio: 0 }];
    const sampling = o.sampling ? Object.entries(o.sampling).map(([k, v]) => `${k}=${v}`).join(' ') : 'OTEL_TRACES_SAMPLER=always_on';
    const every = o.everySpan
      ? ` With every trace recorded and exported (OTEL_TRACES_SAMPLER=always_on), once, for comparison: ${o.everySpan.probe.capacityPerS}/s, ${o.everySpan.spans} spans, about ${o.everySpan.spansPerUnit} per stock report.`
      : '';
    const each = rounds.map((x, i) => `${rounds.length > 1 ? `round ${i + 1}: ` : ''}off ${x.offPerS}/s, on ${x.onPerS}/s${x.ratio ? ` (${x.ratio})` : ''}`).join('; ');
    out.push('', '## Tracing', '', `Each setting drained the same burst of ${o.probeUnits} stock reports after a warm-up burst: default (SDK on, no exporter, so no span recorded, as the services ran for the ladder) ${o.defaultProbe.capacityPerS}/s; then, restarting every service before each drain, SDK disabled (OTEL_SDK_DISABLED=true) and tracing on as recommended for production (${sampling}, spans exported over OTLP/HTTP through the batch span processor), in turn: ${each}. R_otel is the median round's ratio. The bench's OTLP sink received ${o.spans} spans from those drains, about ${o.spansPerUnit} per stock report sent with tracing on (feed-health and other periodic work included).${every} In all ${o.exportRequests} export requests (${o.exportMiB} MiB).`);
  }
  if (r.policy) {
    const c = r.policy;
    out.push('', '## Policy decision cost', '', `${c.decisions} proposals of every action type (models and agents, some domains in manual-fallback), ${c.callsPerDecision} Cedar calls per decision on average. policy-enforcement's decision path: ${c.peMicrosPerDecision} µs per decision; the same statefulIsAuthorized calls alone: ${c.bareMicrosPerDecision} µs per decision (${c.bareMicrosPerCall} µs per call). R_pol = ${c.rPol} (against one bare call: ${c.rPolOneCall}). The decision path in parts, µs per decision: parameter validation (validateActionParameters, class-validator) ${c.parts.validateMicros}, building the Cedar request ${c.parts.buildMicros}, decide() with its Cedar calls and reasons ${c.parts.decideMicros} (of which CedarPolicyEngine.authorize() for the same questions ${c.parts.engineMicros}). Outcomes: ${fmtCounts(c.outcomes)}.`);
  }
  if (r.approvals) {
    const a = r.approvals;
    out.push('', '## Approvals: pages of the review queue', '', `${a.tasks} pending approval tasks written straight into the table of a policy-enforcement started alone as the bench starts its services; \`GET /approvals?limit=${a.pageSize}&sort=...\` for each order, the first page and a deep one reached through the pages' Link headers, each asked for once to warm up and then ${a.timings[0]?.requests ?? '-'} times one after another. Times are loopback round trips with the body read whole, so they bound the server time from above.`, '');
    out.push(markdownTable(APPROVAL_HEADERS, approvalRows(a.timings)));
  }
  if (r.notes.length > 0) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  if (r.errors.length > 0) out.push('', '## Errors', '', ...r.errors.map((e) => `- ${e}`));
  return out.join('\n') + '\n';
}

const APPROVAL_HEADERS = ['order', 'page', 'tasks on it', 'p50 ms', 'p95 ms'];

function approvalRows(timings: ApprovalPageTiming[]): Row[] {
  return timings.map((t) => [t.sort, t.page, t.items, t.p50Ms, t.p95Ms]);
}

export function fmtCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}
