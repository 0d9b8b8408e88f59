// The end of the demo: the scorecard (the same figures as GET /scorecard), the mode changes and
// their reasons, how many actions waited for people, and where to look next.
import { ApiClient, serviceUrl } from '../api-client';
import { DemoObserver } from './demo-observer';

export async function printReport(api: ApiClient, observer: DemoObserver, started: Date): Promise<void> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const minutes = Math.max(1, Math.ceil((Date.now() - started.getTime()) / 60_000) + 1);
  const scorecard = await api.call<unknown>('resilience-monitor', 'GET', `/scorecard?window=${minutes}m`);
  out('== Governance scorecard (GET /scorecard)');
  for (const line of flatten(scorecard)) out(`  ${line}`);
  out();

  out('== Mode changes');
  if (observer.modeChanges.length === 0) out('  none');
  for (const change of observer.modeChanges) {
    out(`  ${change.at}  ${change.domain}: ${change.from} -> ${change.to}  (${change.triggeredBy}) ${change.reason}`);
  }
  out();

  const pending = await api.call<unknown>('policy-enforcement', 'GET', '/approvals?status=pending');
  const waiting = Array.isArray(pending) ? pending.length : ((pending as { tasks?: unknown[] }).tasks ?? []).length;
  out('== Decisions');
  for (const [outcome, count] of observer.decisions) out(`  ${outcome.padEnd(18)} ${count}`);
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
}

/** A readable, stable rendering of a nested JSON object as `path: value` lines. */
function flatten(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix}: ${formatScalar(value)}`];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${prefix}: ${value.map(formatScalar).join(', ')}`];
    return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`));
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function formatScalar(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return String(value);
}
