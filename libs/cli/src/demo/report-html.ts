// The demo's report to keep: one self-contained HTML page (chart.js's UMD bundle inlined, a
// Content-Security-Policy that lets no request leave the page) telling the day: mode changes and
// overrides, decisions by outcome per domain over time, approval latencies, the scorecard, three
// lineages, the people's acts and the audit verification. Plain functions from data to an HTML
// string; every text is escaped, every chart's configuration is a JSON island the page (and the
// e2e test) reads.
import type { ScorecardAnswer } from '../scorecard';
import type { DecisionRecord, ModeChange } from './demo-observer';
import type { PeopleAct, Resolution } from './demo-people';
import { scorecardTable } from './demo-report';

export interface DayReport {
  runId: string;
  started: string;
  ended: string;
  durationSeconds: number;
  size: string;
  seed: number;
  decisions: DecisionRecord[];
  modeChanges: ModeChange[];
  resolutions: Resolution[];
  acts: PeopleAct[];
  scorecard: ScorecardAnswer;
  lineages: { title: string; actionId: string; lineage: unknown }[];
  audit: { ok: boolean; entries: number; firstBadEntry?: number; problem?: string };
  evidencePack: { file: string; firstSeq: number | null; lastSeq: number | null; checkpoints: number } | null;
}

const OUTCOME_COLOURS: Record<string, string> = {
  'auto-approved': '#2e7d32',
  advisory: '#81c784',
  'approval-required': '#f9a825',
  rejected: '#c62828',
};
const MODES = ['automated', 'probation', 'manual-fallback'];
const DOMAIN_COLOURS = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#5d4037'];

/** Decisions made in automated mode that went automatically, of those automatic or to people. */
export function automationOutsideFallback(decisions: readonly DecisionRecord[]): { auto: number; toPeople: number; rate: number | null } {
  const normal = decisions.filter((d) => d.domainMode === 'automated' && !d.reasons.includes('guardrail.no-automation-outside-automated-mode'));
  const auto = normal.filter((d) => d.outcome === 'auto-approved').length;
  const toPeople = normal.filter((d) => d.outcome === 'approval-required').length;
  return { auto, toPeople, rate: auto + toPeople > 0 ? auto / (auto + toPeople) : null };
}

export function renderReport(day: DayReport, chartJs: string): string {
  const start = Date.parse(day.started);
  const hourOf = (iso: string) => round(8 + ((Date.parse(iso) - start) / 1_000 / day.durationSeconds) * 10, 3);
  const automation = automationOutsideFallback(day.decisions);
  const sections = [
    section('The day', summary(day, automation)),
    section('Mode changes and overrides', chart('modes', modeChart(day, hourOf)) + modeTable(day)),
    section('Decisions by outcome per domain over time', decisionCharts(day, hourOf)),
    section('Approval latencies', chart('latencies', latencyChart(day.resolutions, day.durationSeconds)) + latencyTable(day.resolutions, day.durationSeconds)),
    section(`Scorecard (GET /scorecard?window=${day.scorecard.window})`, scorecardBlock(day.scorecard)),
    section('Three lineages', day.lineages.map(lineageBlock).join('') || '<p>none recorded</p>'),
    section('What people did', actsTable(day.acts)),
    section('Audit verification', auditBlock(day)),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Governor demo ${esc(day.runId)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:1em}
.chart{width:520px;height:260px;position:relative}.ok{color:#2e7d32;font-weight:bold}.bad{color:#c62828;font-weight:bold}
</style></head><body>
<h1>Governor: a ${esc(day.size)} day (${esc(day.runId)})</h1>
${sections.join('\n')}
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>
for (const island of document.querySelectorAll('script.chart-data')) {
  const config = JSON.parse(island.textContent);
  new Chart(document.getElementById(island.dataset.chart), config);
}
</script>
</body></html>
`;
}

function summary(day: DayReport, automation: ReturnType<typeof automationOutsideFallback>): string {
  const count = (kind: string) => day.acts.filter((a) => a.kind === kind).length;
  const rows: [string, string][] = [
    ['played', `${day.started} to ${day.ended} (${day.durationSeconds} s standing for 08:00-18:00, seed ${day.seed})`],
    ['decisions', String(day.decisions.length)],
    ['automation outside fallback', `${pct(automation.rate)} (${automation.auto} automatic, ${automation.toPeople} to people)`],
    ['people', `${count('approve')} approvals, ${count('reject')} rejections, ${count('separation-of-duties')} separation-of-duties refusals, ${count('override')} overrides (${count('clear-override')} cleared), ${count('compensate')} compensations, ${count('policy-activated')} policy activations`],
    ['model promotion', modelPromotion(day)],
  ];
  return table(['', ''], rows, false);
}

/** Who promoted the day's refit (or who had, when the officer only reviewed it), and its comparison with the champion. */
function modelPromotion(day: DayReport): string {
  const act = day.acts.find((a) => a.kind === 'model-promoted' || a.kind === 'model-reviewed');
  if (!act) return 'none: no refit was ready today';
  return `${act.who} ${act.kind === 'model-promoted' ? 'promoted' : 'reviewed'} ${act.detail}`;
}

function modeChart(day: DayReport, hourOf: (iso: string) => number): object {
  const domains = [...new Set(['inventory', 'orders', 'procurement', 'credit', ...day.modeChanges.map((c) => c.domain)])];
  const end = hourOf(day.ended);
  const datasets = domains.map((domain, i) => {
    const changes = day.modeChanges.filter((c) => c.domain === domain);
    const points = [{ x: 8, y: changes[0]?.from ?? 'automated' }];
    for (const change of changes) points.push({ x: hourOf(change.at), y: change.to });
    points.push({ x: end, y: points[points.length - 1].y });
    return { label: domain, data: points, stepped: true, borderColor: DOMAIN_COLOURS[i % DOMAIN_COLOURS.length], pointRadius: 2, borderWidth: 2 };
  });
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: 'mode per domain' } },
      scales: {
        x: { type: 'linear', min: 8, max: Math.max(18, end), title: { display: true, text: 'hour of the working day' } },
        y: { type: 'category', labels: MODES, offset: true },
      },
    },
  };
}

function modeTable(day: DayReport): string {
  const rows = day.modeChanges.map((c) => [c.at, c.domain, `${c.from} -> ${c.to}`, c.triggeredBy, c.reason]);
  return table(['at', 'domain', 'change', 'by', 'reason'], rows);
}

function decisionCharts(day: DayReport, hourOf: (iso: string) => number): string {
  const buckets = 10;
  const labels = Array.from({ length: buckets }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`);
  const domains = [...new Set(day.decisions.map((d) => d.domain))].sort();
  const outcomes = [...new Set(day.decisions.map((d) => d.outcome))].sort();
  const charts = domains.map((domain) => {
    const mine = day.decisions.filter((d) => d.domain === domain);
    const datasets = outcomes
      .map((outcome) => {
        const data = Array.from({ length: buckets }, () => 0);
        for (const d of mine.filter((x) => x.outcome === outcome)) data[Math.min(buckets - 1, Math.max(0, Math.floor(hourOf(d.at) - 8)))] += 1;
        return { label: outcome, data, backgroundColor: OUTCOME_COLOURS[outcome] ?? '#9e9e9e' };
      })
      .filter((ds) => ds.data.some((v) => v > 0));
    return chart(`decisions-${domain}`, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: `${domain}: decisions per hour by outcome` } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
  return charts.length > 0 ? `<div class="charts">${charts.join('')}</div>` : '<p>no decisions</p>';
}

/** Minutes of the working day that `seconds` of play stand for (the day's 10 hours are the play's duration). */
function workingMinutes(seconds: number, durationSeconds: number): number {
  return (seconds / durationSeconds) * 600;
}

function latencyChart(resolutions: readonly Resolution[], durationSeconds: number): object {
  const edges = [0, 15, 30, 60, 120, 240, Infinity];
  const labels = ['under 15 min', '15-30 min', '30-60 min', '1-2 h', '2-4 h', '4 h or more'];
  const dataset = (verdict: string, colour: string) => ({
    label: verdict,
    backgroundColor: colour,
    data: labels.map((_, i) => {
      const inBin = (r: Resolution) => {
        const minutes = workingMinutes(r.latencySeconds, durationSeconds);
        return r.verdict === verdict && minutes >= edges[i] && minutes < edges[i + 1];
      };
      return resolutions.filter(inBin).length;
    }),
  });
  return {
    type: 'bar',
    data: { labels, datasets: [dataset('approved', '#2e7d32'), dataset('rejected', '#c62828')] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: 'tasks by time from request to decision (working-day time)' } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

function latencyTable(resolutions: readonly Resolution[], durationSeconds: number): string {
  const byDomain = new Map<string, number[]>();
  for (const r of resolutions) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r.latencySeconds]);
  const rows = [...byDomain].map(([domain, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const both = (q: number) => {
      const seconds = quantile(sorted, q);
      return seconds === null ? '-' : `${Math.round(workingMinutes(seconds, durationSeconds))} min (${seconds.toFixed(1)} s of play)`;
    };
    return [domain, String(values.length), both(0.5), both(0.95)];
  });
  return table(['domain', 'decided by people', 'p50', 'p95'], rows);
}

function mixChart(scorecard: ScorecardAnswer): object {
  const domains = Object.entries(scorecard.domains).filter(([, f]) => f.automationRate !== null);
  return {
    type: 'bar',
    data: {
      labels: domains.map(([d]) => d),
      datasets: [{ label: 'automation rate (%)', backgroundColor: '#1565c0', data: domains.map(([, f]) => Math.round((f.automationRate ?? 0) * 100)) }],
    },
    options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: 'automation per domain (scorecard)' } }, scales: { y: { min: 0, max: 100 } } },
  };
}

/** The table the demo prints, the mix per domain, and the whole answer (every figure, whatever the service adds). */
function scorecardBlock(scorecard: ScorecardAnswer): string {
  const answer = JSON.stringify(scorecard, null, 2);
  return (
    `<pre>${esc(scorecardTable(scorecard).join('\n'))}</pre>` +
    chart('mix', mixChart(scorecard)) +
    `<details><summary>GET /scorecard: the whole answer</summary><pre>${esc(answer)}</pre></details>` +
    `<script type="application/json" id="scorecard">${answer.replace(/</g, '\\u003c')}</script>`
  );
}

function lineageBlock(entry: DayReport['lineages'][number]): string {
  const l = entry.lineage as {
    actionType?: string;
    decision?: { outcome?: string; reasons?: string[]; policyVersion?: string } | null;
    approvals?: { status?: string; approvals?: { approver: string }[]; rejectedBy?: string | null }[];
    outcome?: { type?: string } | null;
    sourceEvents?: unknown[];
  };
  const people = (l.approvals ?? []).flatMap((t) => [...(t.approvals ?? []).map((a) => `${a.approver} approved`), ...(t.rejectedBy ? [`${t.rejectedBy} rejected`] : [])]);
  const line = [
    l.actionType,
    `${l.sourceEvents?.length ?? 0} source events`,
    `decision ${l.decision?.outcome ?? '-'} (${(l.decision?.reasons ?? []).join(', ')}; policy v${l.decision?.policyVersion ?? '-'})`,
    people.join(', ') || 'no person',
    `outcome ${l.outcome?.type ?? 'none'}`,
  ].join(' | ');
  return `<h3>${esc(entry.title)}: ${esc(entry.actionId)}</h3><p>${esc(line)}</p><details><summary>GET /lineage/${esc(entry.actionId)}</summary><pre>${esc(JSON.stringify(entry.lineage, null, 2))}</pre></details>`;
}

function actsTable(acts: readonly PeopleAct[]): string {
  return table(['at', 'who', 'what', 'detail'], acts.map((a) => [a.at, a.who, a.kind, a.detail]));
}

function auditBlock(day: DayReport): string {
  const verdict = day.audit.ok ? '<span class="ok">the chain holds</span>' : `<span class="bad">broken at entry ${esc(String(day.audit.firstBadEntry))}: ${esc(day.audit.problem ?? '')}</span>`;
  const pack = day.evidencePack
    ? `<p>Evidence pack of the day: <code>${esc(day.evidencePack.file)}</code> (entries ${esc(String(day.evidencePack.firstSeq))} to ${esc(String(day.evidencePack.lastSeq))}, ${day.evidencePack.checkpoints} signed checkpoints); check it offline with <code>governor audit verify-pack ${esc(day.evidencePack.file)}</code>.</p>`
    : '<p>No evidence pack.</p>';
  return `<p>GET /audit/verify: ${verdict}, ${day.audit.entries} entries.</p>${pack}`;
}

function section(title: string, body: string): string {
  return `<h2>${esc(title)}</h2>\n${body}`;
}

function chart(id: string, config: object): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<div class="chart"><canvas id="${esc(id)}"></canvas></div><script type="application/json" class="chart-data" data-chart="${esc(id)}">${json}</script>`;
}

function table(head: string[], rows: readonly string[][], withHead = true): string {
  if (rows.length === 0) return '<p>none</p>';
  const th = withHead ? `<tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` : '';
  return `<table>${th}${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function pct(value: number | null): string {
  return value === null ? '-' : `${Math.round(value * 100)}%`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
