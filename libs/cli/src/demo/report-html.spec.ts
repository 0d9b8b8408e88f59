import type { ScorecardAnswer } from '../scorecard';
import type { DecisionRecord } from './demo-observer';
import { automationOutsideFallback, renderReport, type DayReport } from './report-html';

const decision = (outcome: string, domainMode = 'automated', reasons: string[] = [], domain = 'procurement', second = 0): DecisionRecord => ({
  at: new Date(Date.parse('2026-12-04T10:00:00Z') + second * 1_000).toISOString(),
  actionId: `a-${outcome}-${second}`,
  actionType: 'procurement.create-purchase-order',
  domain,
  outcome,
  domainMode,
  reasons,
});

describe('automationOutsideFallback', () => {
  it('counts automatic against automatic plus to-people, among decisions made in automated mode only', () => {
    const result = automationOutsideFallback([
      decision('auto-approved'),
      decision('auto-approved'),
      decision('approval-required'),
      decision('rejected'),
      decision('approval-required', 'manual-fallback', ['guardrail.no-automation-outside-automated-mode']),
      decision('approval-required', 'probation'),
    ]);
    expect(result).toEqual({ auto: 2, toPeople: 1, rate: 2 / 3 });
  });

  it('is null when nothing was decided in automated mode', () => {
    expect(automationOutsideFallback([decision('approval-required', 'manual-fallback')]).rate).toBeNull();
  });
});

describe('renderReport', () => {
  const figures = {
    eventsIn: 10,
    meanDataQuality: 0.9,
    proposals: 3,
    decisions: { 'auto-approved': 2, 'approval-required': 1 },
    automationRate: 0.67,
    approvalLatencySeconds: { count: 1, p50: 2, p95: 2 },
    executions: { executed: 2 },
    timeInModeSeconds: { automated: 60 },
    auditCompleteness: { ratio: 1 },
    drift: [],
    forecastBias: [],
  };
  const day: DayReport = {
    runId: 'demo-1',
    started: '2026-12-04T10:00:00.000Z',
    ended: '2026-12-04T10:01:00.000Z',
    durationSeconds: 60,
    size: 'small',
    seed: 7,
    decisions: [decision('auto-approved', 'automated', [], 'procurement', 3), decision('approval-required', 'automated', [], 'credit', 50)],
    modeChanges: [{ domain: 'inventory', from: 'automated', to: 'manual-fallback', reason: '<script>alert(1)</script>', triggeredBy: 'operator:u-frank', at: '2026-12-04T10:00:30.000Z' }],
    resolutions: [{ actionId: 'a', domain: 'credit', verdict: 'approved', latencySeconds: 2, by: ['u-erin'] }],
    acts: [
      { at: '2026-12-04T10:00:30.000Z', kind: 'override', who: 'u-frank', detail: 'x & y' },
      { at: '2026-12-04T10:00:12.000Z', kind: 'model-promoted', who: 'u-grace', detail: 'demand-sensing 2.0.0+b (refit on drift, PSI 0.79) against champion 2.0.0+a: backtest WAPE 0.302 against 0.314' },
    ],
    scorecard: { window: '2m', domains: { procurement: figures }, overall: figures } as unknown as ScorecardAnswer,
    lineages: [{ title: 'Automatic', actionId: 'a-1', lineage: { actionType: 'procurement.create-purchase-order', note: '</script>' } }],
    audit: { ok: true, entries: 5 },
    evidencePack: { file: '/tmp/pack.json', firstSeq: 1, lastSeq: 5, checkpoints: 1 },
  };
  const html = renderReport(day, 'window.Chart = function () {}; /* </script> */');
  const islands = [...html.matchAll(/<script type="application\/json" class="chart-data" data-chart="([^"]+)">([^<]*)<\/script>/g)];

  it('escapes every text it shows, inside and outside the JSON islands', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('x &amp; y');
    // A closing tag inside the inlined library or a lineage cannot end its script element.
    expect(html.match(/<\/script>/g)?.length).toBe(islands.length + 3);
  });

  it('puts each chart beside its configuration, with the decisions of each domain in their hour', () => {
    expect(islands.map((m) => m[1])).toEqual(['modes', 'decisions-credit', 'decisions-procurement', 'latencies', 'mix']);
    const procurement = JSON.parse(islands[2][2]) as { data: { labels: string[]; datasets: { label: string; data: number[] }[] } };
    // Three seconds into a 60-second day is 08:30: the first hour's bar.
    expect(procurement.data.datasets).toEqual([expect.objectContaining({ label: 'auto-approved', data: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] })]);
    const latencies = JSON.parse(islands[3][2]) as { data: { datasets: { label: string; data: number[] }[] } };
    // Two seconds of a 60-second day are 20 working minutes.
    expect(latencies.data.datasets[0]).toEqual(expect.objectContaining({ label: 'approved', data: [0, 1, 0, 0, 0, 0] }));
    expect(html).toContain('<script type="application/json" id="scorecard">');
  });

  it('tells who promoted which refit, and its comparison with the champion', () => {
    expect(html).toContain('<td>model promotion</td><td>u-grace promoted demand-sensing 2.0.0+b (refit on drift, PSI 0.79) against champion 2.0.0+a: backtest WAPE 0.302 against 0.314</td>');
  });

  it('loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });
});
