// Writes the demo's report to keep beside the evidence pack of the day, in
// $GOVERNOR_DATA_DIR/demo-reports/<runId>/ (infra/.data when unset): report.html
// (report-html.ts) and evidence-pack.json (GET /audit/export over the day, as `governor audit
// export` writes it; check it with `governor audit verify-pack`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localDataDir } from '@governor/config';
import type { EvidencePack } from '@governor/signing';
import type { ApiClient } from '../api-client';
import type { ScorecardAnswer } from '../scorecard';
import type { DemoObserver } from './demo-observer';
import type { DemoPeople } from './demo-people';
import { renderReport, type DayReport } from './report-html';

export interface ReportRun {
  runId: string;
  size: string;
  seed: number;
  durationSeconds: number;
  started: Date;
}

export async function writeDayReport(
  api: ApiClient,
  observer: DemoObserver,
  people: DemoPeople,
  scorecard: ScorecardAnswer,
  run: ReportRun,
): Promise<{ html: string; pack: string }> {
  const dir = path.join(localDataDir(process.env), 'demo-reports', run.runId);
  mkdirSync(dir, { recursive: true });
  const ended = new Date();
  const auditor = api.as('u-demo-auditor', ['auditor']);
  const packFile = path.join(dir, 'evidence-pack.json');
  const pack = await auditor.call<EvidencePack>(
    'policy-enforcement',
    'GET',
    `/audit/export?from=${encodeURIComponent(run.started.toISOString())}&to=${encodeURIComponent(new Date(ended.getTime() + 1_000).toISOString())}`,
  );
  writeFileSync(packFile, `${JSON.stringify(pack, null, 2)}\n`);

  const day: DayReport = {
    runId: run.runId,
    started: run.started.toISOString(),
    ended: ended.toISOString(),
    durationSeconds: run.durationSeconds,
    size: run.size,
    seed: run.seed,
    decisions: observer.decisionLog,
    modeChanges: observer.modeChanges,
    resolutions: people.resolutions,
    acts: people.acts,
    scorecard,
    lineages: await lineages(auditor, observer, people),
    audit: await auditor.call('policy-enforcement', 'GET', '/audit/verify'),
    evidencePack: { file: packFile, firstSeq: pack.chain.firstSeq, lastSeq: pack.chain.lastSeq, checkpoints: pack.checkpoints.length },
  };
  // The UMD build (one script, no imports) sits beside the package's entry; its exports do not name it.
  const chartJs = readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
  const htmlFile = path.join(dir, 'report.html');
  writeFileSync(htmlFile, renderReport(day, chartJs));
  return { html: htmlFile, pack: packFile };
}

/** One automatic action, one approved by people and one rejected (by people when any was). */
async function lineages(auditor: ApiClient, observer: DemoObserver, people: DemoPeople): Promise<DayReport['lineages']> {
  const automatic = observer.decisionLog.find((d) => d.outcome === 'auto-approved' && d.domain === 'procurement') ?? observer.decisionLog.find((d) => d.outcome === 'auto-approved');
  const approved = people.resolutions.find((r) => r.verdict === 'approved');
  const rejected = people.resolutions.find((r) => r.verdict === 'rejected') ?? observer.decisionLog.find((d) => d.outcome === 'rejected');
  const picks: [string, string | undefined][] = [
    ['Automatic', automatic?.actionId],
    ['Approved by people', approved?.actionId],
    [people.resolutions.some((r) => r.verdict === 'rejected') ? 'Rejected by a person' : 'Rejected by policy', rejected?.actionId],
  ];
  const found: DayReport['lineages'] = [];
  for (const [title, actionId] of picks) {
    if (!actionId) continue;
    found.push({ title, actionId, lineage: await auditor.call('policy-enforcement', 'GET', `/lineage/${encodeURIComponent(actionId)}`) });
  }
  return found;
}
