// The end of the demo: the scorecard (the same figures as GET /scorecard), the mode changes and
// their reasons, what people did, how many actions waited for people, and where to look next.
import { ApiClient, serviceUrl } from '../api-client';
import type { ScorecardAnswer, ScorecardFigures } from '../scorecard';
import { DemoObserver } from './demo-observer';
import type { DemoPeople, PeopleActKind } from './demo-people';
import { automationOutsideFallback } from './report-html';

/** Prints the end of the demo; answers the scorecard it printed, for the report to keep. */
export async function printReport(api: ApiClient, observer: DemoObserver, people: DemoPeople, started: Date): Promise<ScorecardAnswer> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const minutes = Math.max(1, Math.ceil((Date.now() - started.getTime()) / 60_000) + 1);
  const scorecard = await api.call<ScorecardAnswer>('resilience-monitor', 'GET', `/scorecard?window=${minutes}m`);
  out(`== Governance scorecard (GET /scorecard?window=${scorecard.window})`);
  for (const line of scorecardTable(scorecard)) out(`  ${line}`);
  out();
  out('== Business outcomes, overall (per domain: governor scorecard)');
  for (const line of outcomeLines(scorecard.overall)) out(`  ${line}`);
  out();

  out('== Mode changes');
  if (observer.modeChanges.length === 0) out('  none');
  for (const change of observer.modeChanges) {
    out(`  ${change.at}  ${change.domain}: ${change.from} -> ${change.to}  (${change.triggeredBy}) ${change.reason}`);
  }
  out();

  out('== What people did');
  const count = (kind: PeopleActKind) => people.acts.filter((a) => a.kind === kind).length;
  const kinds: PeopleActKind[] = ['approve', 'reject', 'separation-of-duties', 'override', 'clear-override', 'compensate', 'policy-stored', 'policy-simulated', 'policy-activated', 'model-promoted', 'model-reviewed', 'erp-outage-start', 'erp-outage-end', 'erp-postings-back', 'missed'];
  out(`  ${kinds.map((k) => `${k} ${count(k)}`).join(', ')}`);
  for (const act of people.acts.filter((a) => !['approve', 'reject', 'missed'].includes(a.kind))) out(`  ${act.at}  ${act.who}: ${act.kind}  ${act.detail}`);
  out();

  const tasks = await api.callAll<{ status: string; escalated: boolean }>('policy-enforcement', '/approvals?status=all&limit=500');
  const waiting = tasks.filter((t) => t.status === 'pending').length;
  const expired = tasks.filter((t) => t.status === 'expired').length;
  const escalated = tasks.filter((t) => t.escalated).length;
  const automation = automationOutsideFallback(observer.decisionLog);
  out('== Decisions');
  for (const [outcome, count] of observer.decisions) out(`  ${outcome.padEnd(18)} ${count}`);
  out(`  automation outside fallback: ${automation.rate === null ? '-' : `${Math.round(automation.rate * 100)}%`} (${automation.auto} automatic, ${automation.toPeople} to people)`);
  out(`  tasks nobody picked up: ${escalated} escalated, ${expired} expired`);
  out(`  actions waiting for people now: ${waiting}`);
  out();

  const audit = await api.call<{ ok: boolean; entries: number }>('policy-enforcement', 'GET', '/audit/verify');
  const autoPo = observer.approved.find(
    (e) => e.data.approval.mode === 'automatic' && e.data.actionType === 'procurement.create-purchase-order',
  );
  out('== Where to look next');
  out(`  approvals queue:   governor approvals        (GET ${serviceUrl('policy-enforcement')}/approvals?status=pending)`);
  if (autoPo) {
    out(`  an auto-approved purchase order's lineage:  governor lineage ${autoPo.data.actionId}`);
    out(`                     (GET ${serviceUrl('policy-enforcement')}/lineage/${autoPo.data.actionId})`);
  }
  out(`  audit chain:       governor audit verify     -> ok=${audit.ok}, ${audit.entries} entries`);
  out(`  domain modes:      governor domains          (GET ${serviceUrl('circuit-breaker')}/domains)`);
  out('  a token for curl:  governor token --roles auditor');
  out();
  return scorecard;
}

/** One row per domain and overall, the figures a governance lead reads first, then drift. */
export function scorecardTable(scorecard: ScorecardAnswer): string[] {
  const columns: [string, (f: ScorecardFigures) => string][] = [
    ['events in', (f) => fmt(f.eventsIn, 0)],
    ['mean DQ', (f) => fmt(f.meanDataQuality)],
    ['proposals', (f) => fmt(f.proposals, 0)],
    ['auto', (f) => fmt(f.decisions['auto-approved'] ?? 0, 0)],
    ['to people', (f) => fmt(f.decisions['approval-required'] ?? 0, 0)],
    ['rejected', (f) => fmt(f.decisions.rejected ?? 0, 0)],
    ['automation', (f) => pct(f.automationRate)],
    ['approval p50/p95 s', (f) => `${fmt(f.approvalLatencySeconds.p50, 0)}/${fmt(f.approvalLatencySeconds.p95, 0)}`],
    ['executed/failed', (f) => `${f.executions.executed ?? 0}/${f.executions.failed ?? 0}`],
    ['s in fallback', (f) => fmt(f.timeInModeSeconds?.['manual-fallback'] ?? null, 0)],
    ['audit complete', (f) => pct(f.auditCompleteness.ratio)],
  ];
  const rows = [...Object.entries(scorecard.domains), ['overall', scorecard.overall] as const];
  const table = [['', ...columns.map(([name]) => name)], ...rows.map(([name, f]) => [name, ...columns.map(([, cell]) => cell(f))])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const drift = scorecard.overall.drift.map((d) => `${d.modelId} ${d.psi === null ? 'n/a' : d.psi.toFixed(3)} (${d.level})`);
  const bias = scorecard.overall.forecastBias.filter((b) => b.bias !== null).map((b) => `${b.modelId} ${b.bias!.toFixed(2)}`);
  const accuracy = (scorecard.overall.forecastAccuracy ?? []).map((a) => `${a.modelId} ${a.modelVersion} ${fmt(a.wape)} (${a.pairs} pairs)`);
  return [
    ...lines,
    `drift (PSI): ${drift.join(', ') || 'n/a'}`,
    `forecast bias: ${bias.join(', ') || 'n/a (no actuals yet)'}`,
    `forecast accuracy (WAPE): ${accuracy.join(', ') || '- (no forecast has met its actual demand yet)'}`,
  ];
}

/** The outcomes the seed names (fill rate, cycle time, exceptions, adoption, violations, fallback), one per line. */
export function outcomeLines(f: ScorecardFigures): string[] {
  const exceptions = f.exceptionResolution;
  const adoption = f.userAdoption;
  const fallback = f.fallbackReliability;
  return [
    `fill rate:             ${fmt(f.fillRate?.rate ?? null)}${f.fillRate ? ` (${f.fillRate.filled} of ${f.fillRate.orders} orders)` : ''}`,
    `order cycle time:      p50 ${fmt(f.orderCycleTimeSeconds?.p50 ?? null, 0)} s, p95 ${fmt(f.orderCycleTimeSeconds?.p95 ?? null, 0)} s (${f.orderCycleTimeSeconds?.count ?? 0} orders)`,
    `exception resolution:  ${exceptions ? `${exceptions.resolved} resolved (${exceptions.retried} by retry), ${exceptions.open} open, mean ${fmt(exceptions.meanSeconds, 0)} s` : '-'}`,
    `user adoption:         ${fmt(adoption?.rate ?? null)}${adoption ? ` (${adoption.actedOn} acted on, ${adoption.expired} expired)` : ''}`,
    `policy violations:     ${f.policyViolations ? f.policyViolations.total : '-'}`,
    `access violations:     ${f.accessViolations ? f.accessViolations.total : '-'}`,
    `fallback reliability:  ${fallback ? `${fallback.held} held (${fallback.heldAtExecution} at execution), ${fallback.slipped} slipped` : '-'}`,
  ];
}

function fmt(value: number | null, digits = 2): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function pct(value: number | null): string {
  return value === null || value === undefined ? '-' : `${Math.round(value * 100)}%`;
}
