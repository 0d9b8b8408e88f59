// The governance scorecard (GET /scorecard?window=) as charts, one per figure, with a bar per
// domain (or per model for drift, forecast bias and forecast accuracy, per shadow version for
// shadow vs champion): what the endpoint has, drawn as it is.
import { useEffect, useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { call } from '../api';
import { ChartView } from '../Chart';

interface Figures {
  automationRate: number | null;
  approvalLatencySeconds: { count: number; p50: number | null; p95: number | null };
  overrides: { humanRejections: number; humanRejectionRate: number | null; forcedModes: number };
  decisions: Record<string, number>;
  timeInModeSeconds: Record<string, number> | null;
  drift: { modelId: string; modelVersion: string; psi: number | null; level: string }[];
  forecastBias: { modelId: string; modelVersion: string; bias: number | null; sampleSize: number }[];
  auditCompleteness: { executed: number; complete: number; ratio: number | null };
  exceptionResolution: { resolved: number; open: number; retried: number; meanSeconds: number | null };
  accessViolations: { total: number };
  fillRate: { orders: number; filled: number; rate: number | null } | null;
  orderCycleTimeSeconds: { count: number; p50: number | null; p95: number | null } | null;
  forecastAccuracy: { modelId: string; modelVersion: string; pairs: number; wape: number | null; bias: number | null }[];
  shadowVsChampion?: ShadowRun[];
  userAdoption: { actedOn: number; expired: number; rate: number | null };
  policyViolations: { total: number };
  automationMix: { outsideFallback: Mix; inFallback: Mix };
  fallbackReliability: { held: number; heldAtExecution: number; slipped: number } | null;
}

interface ShadowRun {
  modelId: string;
  version: string;
  champion: string;
  forecasts: number;
  wape: number | null;
  championWape: number | null;
  wapeDelta: number | null;
}

interface Mix {
  autoApproved: number;
  approvalRequired: number;
  rejected: number;
  automatedShare: number | null;
}

interface Scorecard {
  window: string;
  from: string;
  to: string;
  overall: Figures;
  domains: Record<string, Figures>;
}

const WINDOWS = ['15m', '1h', '24h', '7d'];
const COLOURS = ['#1f5fa8', '#c05621', '#2d7d46', '#6b46c1'];

function bars(labels: string[], series: { label: string; data: (number | null)[] }[], options: ChartConfiguration['options'] = {}): ChartConfiguration {
  return { type: 'bar', data: { labels, datasets: series.map((s, i) => ({ ...s, backgroundColor: COLOURS[i % COLOURS.length] })) }, options };
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? 'none' : v.toFixed(digits));

/** Each shadow run in words, for the summary people read without the canvas. */
function shadowSummary(runs: readonly ShadowRun[]): string {
  if (runs.length === 0) return 'no model version ran in shadow in the window';
  return runs
    .map((r) => `${r.modelId} v${r.version} against champion v${r.champion}: WAPE ${fmt(r.wape, 3)} vs ${fmt(r.championWape, 3)} (delta ${fmt(r.wapeDelta, 3)}) on ${r.forecasts} live forecasts`)
    .join('; ');
}

export default function Scorecard() {
  const [window, setWindow] = useState('24h');
  const [card, setCard] = useState<Scorecard | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    call<Scorecard>('resilience-monitor', `/scorecard?window=${window}`)
      .then((c) => {
        setCard(c);
        setError('');
      })
      .catch((e: Error) => setError(e.message));
  }, [window]);

  const charts = useMemo(() => {
    if (!card) return [];
    const names = Object.keys(card.domains);
    const per = <T,>(f: (x: Figures) => T) => names.map((n) => f(card.domains[n]));
    const models = new Map<string, { psi: number | null; bias: number | null }>();
    for (const figures of Object.values(card.domains)) {
      for (const d of figures.drift) models.set(`${d.modelId} v${d.modelVersion}`, { psi: d.psi, bias: models.get(`${d.modelId} v${d.modelVersion}`)?.bias ?? null });
      for (const b of figures.forecastBias) models.set(`${b.modelId} v${b.modelVersion}`, { psi: models.get(`${b.modelId} v${b.modelVersion}`)?.psi ?? null, bias: b.bias });
    }
    const modelNames = [...models.keys()];
    const modes = ['automated', 'probation', 'manual-fallback'];
    const o = card.overall;
    const accuracy = o.forecastAccuracy.map((m) => ({ name: `${m.modelId} v${m.modelVersion}`, ...m }));
    // A monitor that predates the figure has none.
    const shadows = o.shadowVsChampion ?? [];
    const shadowNames = shadows.map((r) => `${r.modelId} v${r.version}`);
    const mixSeries = (where: 'outsideFallback' | 'inFallback', name: string) =>
      (['autoApproved', 'approvalRequired', 'rejected'] as const).map((k) => ({ label: `${name}: ${k}`, data: per((f) => f.automationMix[where][k]), stack: where }));
    return [
      { label: 'Automation rate', config: bars(names, [{ label: 'automation rate', data: per((f) => f.automationRate) }], { scales: { y: { min: 0, max: 1 } } }), summary: `overall ${fmt(card.overall.automationRate)}` },
      {
        label: 'Approval latency (seconds)',
        config: bars(names, [
          { label: 'p50', data: per((f) => f.approvalLatencySeconds.p50) },
          { label: 'p95', data: per((f) => f.approvalLatencySeconds.p95) },
        ]),
        summary: `overall p50 ${fmt(card.overall.approvalLatencySeconds.p50, 0)} s, p95 ${fmt(card.overall.approvalLatencySeconds.p95, 0)} s over ${card.overall.approvalLatencySeconds.count} approvals`,
      },
      {
        label: 'Overrides and rejections',
        config: bars(names, [
          { label: 'forced modes', data: per((f) => f.overrides.forcedModes) },
          { label: 'human rejections', data: per((f) => f.overrides.humanRejections) },
          { label: 'rejected by policy', data: per((f) => f.decisions.rejected ?? 0) },
        ]),
        summary: `${card.overall.overrides.forcedModes} forced modes, ${card.overall.overrides.humanRejections} human rejections, ${card.overall.decisions.rejected ?? 0} rejected by policy`,
      },
      { label: 'Drift (PSI) per model', config: bars(modelNames, [{ label: 'PSI', data: modelNames.map((m) => models.get(m)?.psi ?? null) }]), summary: `${modelNames.length} models` },
      { label: 'Forecast bias per model', config: bars(modelNames, [{ label: 'bias', data: modelNames.map((m) => models.get(m)?.bias ?? null) }]), summary: `${modelNames.length} models` },
      {
        label: 'Time in mode (seconds)',
        config: bars(
          names,
          modes.map((m) => ({ label: m, data: per((f) => f.timeInModeSeconds?.[m] ?? null) })),
          { scales: { x: { stacked: true }, y: { stacked: true } } },
        ),
        summary: `manual fallback ${fmt(card.overall.timeInModeSeconds?.['manual-fallback'], 0)} s overall`,
      },
      {
        label: 'Automation mix, outside and in fallback',
        config: bars(names, [...mixSeries('outsideFallback', 'automated'), ...mixSeries('inFallback', 'fallback')], { scales: { x: { stacked: true }, y: { stacked: true } } }),
        summary:
          `automated share ${fmt(o.automationMix.outsideFallback.automatedShare)} outside fallback, ${fmt(o.automationMix.inFallback.automatedShare)} in it; ` +
          `in fallback ${o.fallbackReliability?.held ?? 0} held (${o.fallbackReliability?.heldAtExecution ?? 0} at execution), ` +
          `${o.fallbackReliability?.slipped ?? 0} slipped through (must be 0)`,
      },
      {
        label: 'Fill rate and user adoption',
        config: bars(names, [
          { label: 'fill rate', data: per((f) => f.fillRate?.rate ?? null) },
          { label: 'adoption', data: per((f) => f.userAdoption.rate) },
        ], { scales: { y: { min: 0, max: 1 } } }),
        summary:
          `${o.fillRate?.filled ?? 0} of ${o.fillRate?.orders ?? 0} orders filled; cycle time p50 ${fmt(o.orderCycleTimeSeconds?.p50, 0)} s, ` +
          `p95 ${fmt(o.orderCycleTimeSeconds?.p95, 0)} s; people acted on ${o.userAdoption.actedOn} tasks, ${o.userAdoption.expired} expired`,
      },
      {
        label: 'Exceptions and violations',
        config: bars(names, [
          { label: 'exceptions resolved', data: per((f) => f.exceptionResolution.resolved) },
          { label: 'exceptions open', data: per((f) => f.exceptionResolution.open) },
          { label: 'policy violations', data: per((f) => f.policyViolations.total) },
          { label: 'access violations', data: per((f) => f.accessViolations.total) },
        ]),
        summary: `${o.exceptionResolution.resolved} exceptions resolved (${o.exceptionResolution.retried} by a retry) in ${fmt(o.exceptionResolution.meanSeconds, 0)} s on average, ${o.exceptionResolution.open} open`,
      },
      {
        label: 'Forecast accuracy (WAPE) per model',
        config: bars(accuracy.map((m) => m.name), [{ label: 'WAPE', data: accuracy.map((m) => m.wape) }, { label: 'bias per day', data: accuracy.map((m) => m.bias) }]),
        summary: `${accuracy.reduce((n, m) => n + m.pairs, 0)} forecasts met their actual demand`,
      },
      {
        label: 'Shadow vs champion (live WAPE)',
        config: bars(shadowNames, [
          { label: 'shadow WAPE', data: shadows.map((r) => r.wape) },
          { label: 'champion WAPE, same forecasts', data: shadows.map((r) => r.championWape) },
        ]),
        summary: shadowSummary(shadows),
      },
      {
        label: 'Audit completeness',
        config: bars(names, [{ label: 'complete / executed', data: per((f) => f.auditCompleteness.ratio) }], { scales: { y: { min: 0, max: 1 } } }),
        summary: `${card.overall.auditCompleteness.complete} of ${card.overall.auditCompleteness.executed} executed actions fully audited`,
      },
    ];
  }, [card]);

  return (
    <section aria-labelledby="scorecard-title">
      <h1 id="scorecard-title">Scorecard</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Window
          <select value={window} onChange={(e) => setWindow(e.target.value)}>
            {WINDOWS.map((w) => (
              <option key={w}>{w}</option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {card && (
        <p>
          From {new Date(card.from).toLocaleString()} to {new Date(card.to).toLocaleString()}
        </p>
      )}
      <div className="charts">
        {charts.map((c) => (
          <ChartView key={c.label} config={c.config} label={c.label} summary={c.summary} />
        ))}
      </div>
    </section>
  );
}
