// The scorecard figures, computed by hand from a small window of facts.
import { buildScorecard, percentile, ScorecardInputs, timeInModes } from './scorecard';

const FROM = Date.parse('2025-03-03T08:00:00Z');
const TO = FROM + 3_600_000;
const drift = { warningPsi: 0.1, majorPsi: 0.25 };

const inputs: ScorecardInputs = {
  from: FROM,
  to: TO,
  quality: [
    { domain: 'inventory', events: 100, scoredEvents: 100, scoreSum: 90 },
    { domain: 'orders', events: 50, scoredEvents: 40, scoreSum: 38 },
  ],
  decisions: [
    { domain: 'procurement', outcome: 'auto-approved', inFallback: false, count: 3 },
    { domain: 'procurement', outcome: 'approval-required', inFallback: false, count: 1 },
    { domain: 'procurement', outcome: 'approval-required', inFallback: true, count: 1 },
    { domain: 'procurement', outcome: 'rejected', inFallback: true, count: 1 },
    { domain: 'planning', outcome: 'advisory', inFallback: false, count: 4 },
    // Planning's advisories run in any mode: not a slip.
    { domain: 'planning', outcome: 'auto-approved', inFallback: true, count: 2 },
  ],
  rejectionReasons: [{ domain: 'procurement', policyId: 'guardrail.agent-out-of-scope', count: 1 }],
  proposals: [
    { domain: 'procurement', count: 6 },
    { domain: 'planning', count: 4 },
  ],
  approvals: [
    { domain: 'procurement', outcome: 'approved', latencySeconds: 60 },
    { domain: 'procurement', outcome: 'rejected', latencySeconds: 120 },
    { domain: 'procurement', outcome: 'expired', latencySeconds: 9_999 },
    { domain: 'credit', outcome: 'approved', latencySeconds: 30 },
  ],
  executions: [
    { domain: 'procurement', outcome: 'executed', count: 3 },
    { domain: 'procurement', outcome: 'failed', count: 2 },
    { domain: 'procurement', outcome: 'compensated', count: 1 },
  ],
  failures: [
    { domain: 'procurement', failedAt: FROM + 1_000, resolvedAt: FROM + 61_000 },
    { domain: 'procurement', failedAt: FROM + 2_000, resolvedAt: null },
  ],
  // Approved at +10 s, executed at the third attempt at +40 s: resolved by the retry in 30 s.
  retries: [{ domain: 'procurement', approvedAt: FROM + 10_000, executedAt: FROM + 40_000 }],
  orders: [
    { placedAt: FROM + 1_000, filledAt: FROM + 2_000, shippedAt: FROM + 61_000 },
    { placedAt: FROM + 5_000, filledAt: null, shippedAt: null },
  ],
  forecasts: [],
  actuals: [],
  executionHolds: [{ domain: 'procurement', count: 1 }],
  modeChanges: [
    { domain: 'inventory', mode: 'manual-fallback', at: FROM - 60_000, changedAt: FROM - 60_000, byOperator: false },
    { domain: 'inventory', mode: 'probation', at: FROM + 600_000, changedAt: FROM + 600_000, byOperator: false },
    { domain: 'inventory', mode: 'automated', at: FROM + 900_000, changedAt: FROM + 900_000, byOperator: false },
    { domain: 'credit', mode: 'manual-fallback', at: FROM + 3_000_000, changedAt: FROM + 3_000_000, byOperator: true },
    // An override cleared within the window of a mode entered before it: counted, time unchanged.
    { domain: 'orders', mode: 'automated', at: FROM - 100_000, changedAt: FROM + 10_000, byOperator: true },
  ],
  // Demand sensing's refit r2 reported three times in the window (the newest, at +30 min, counts);
  // r1 once, before it was superseded, with no forecasts scored yet; an orders model's one shadow.
  shadowReports: [
    { domain: 'inventory', modelId: 'demand-sensing', version: 'r2', champion: 'c1', since: '2025-03-03T07:00:00.000Z', forecasts: 10, wape: 0.3, championWape: 0.25, reportedAt: FROM + 600_000 },
    { domain: 'inventory', modelId: 'demand-sensing', version: 'r2', champion: 'c1', since: '2025-03-03T07:00:00.000Z', forecasts: 24, wape: 0.1875, championWape: 0.3125, reportedAt: FROM + 1_800_000 },
    { domain: 'inventory', modelId: 'demand-sensing', version: 'r2', champion: 'c1', since: '2025-03-03T07:00:00.000Z', forecasts: 16, wape: 0.2, championWape: 0.3, reportedAt: FROM + 1_200_000 },
    { domain: 'inventory', modelId: 'demand-sensing', version: 'r1', champion: 'c1', since: '2025-03-03T06:00:00.000Z', forecasts: 0, wape: null, championWape: null, reportedAt: FROM + 300_000 },
    { domain: 'orders', modelId: 'fulfilment', version: 'f2', champion: 'f1', since: '2025-03-03T08:10:00.000Z', forecasts: 3, wape: 0.5, championWape: 0.1, reportedAt: FROM + 900_000 },
  ],
  models: [
    { domain: 'inventory', modelId: 'stockout', modelVersion: '2', psi: 0.3, forecastBias: -1.5, biasSampleSize: 40 },
    { domain: 'orders', modelId: 'fulfilment', modelVersion: '1', psi: 0.05, forecastBias: null, biasSampleSize: 0 },
  ],
  audit: [{ domain: 'procurement', executed: 4, complete: 3 }],
  accessViolations: [
    { domain: 'inventory', kind: 'forbidden', count: 3 },
    { domain: 'inventory', kind: 'forbidden', count: 2 },
    { domain: 'procurement', kind: 'bad-signature', count: 1 },
    { domain: null, kind: 'unauthenticated', count: 40 },
    { domain: null, kind: 'forbidden', count: 1 },
  ],
  health: { inventory: 0.9, orders: 1, procurement: 0.75, credit: 1 },
};

describe('scorecard', () => {
  const card = buildScorecard('1h', inputs, drift);

  it('names its window', () => {
    expect([card.window, card.from, card.to]).toEqual(['1h', '2025-03-03T08:00:00.000Z', '2025-03-03T09:00:00.000Z']);
  });

  it('figures of one domain', () => {
    expect(card.domains.procurement).toEqual({
      eventsIn: 0,
      meanDataQuality: null,
      proposals: 6,
      decisions: { 'auto-approved': 3, 'approval-required': 2, rejected: 1, advisory: 0 },
      automationRate: 0.6, // 3 / (3 + 2)
      approvalLatencySeconds: { count: 2, p50: 90, p95: 117 }, // 60 + (120 - 60) * 0.95 = 117
      exceptionResolution: { resolved: 2, open: 1, retried: 1, meanSeconds: 45 }, // (60 + 30) / 2
      overrides: { humanRejections: 1, humanRejectionRate: 0.5, forcedModes: 0 },
      policyViolationsPrevented: 1,
      executions: { executed: 3, failed: 2, compensated: 1 },
      timeInModeSeconds: { automated: 3_600, 'manual-fallback': 0, probation: 0 },
      drift: [],
      forecastBias: [],
      auditCompleteness: { executed: 4, complete: 3, ratio: 0.75 },
      accessViolations: { total: 1, byKind: { unauthenticated: 0, forbidden: 0, 'bad-signature': 1 } },
      health: 0.75,
      fillRate: null,
      orderCycleTimeSeconds: null,
      forecastAccuracy: [],
      shadowVsChampion: [],
      userAdoption: { actedOn: 2, expired: 1, rate: 0.6667 },
      policyViolations: { total: 1, byPolicy: { 'guardrail.agent-out-of-scope': 1 } },
      automationMix: {
        outsideFallback: { autoApproved: 3, approvalRequired: 1, rejected: 0, automatedShare: 0.75 },
        inFallback: { autoApproved: 0, approvalRequired: 1, rejected: 1, automatedShare: 0 },
      },
      fallbackReliability: { held: 3, heldAtExecution: 1, slipped: 0 }, // 1 to people + 1 rejected in fallback + 1 held at execution
    });
  });

  it('fill rate and cycle time belong to orders, and overall', () => {
    for (const figures of [card.domains.orders, card.overall]) {
      expect(figures.fillRate).toEqual({ orders: 2, filled: 1, rate: 0.5 });
      expect(figures.orderCycleTimeSeconds).toEqual({ count: 1, p50: 60, p95: 60 });
    }
    expect(card.domains.inventory.fillRate).toBeNull();
  });

  it('fallback reliability leaves planning out; overall counts the four domains', () => {
    expect(card.domains.planning.fallbackReliability).toBeNull();
    expect(card.domains.planning.automationMix.inFallback.autoApproved).toBe(2);
    expect(card.overall.fallbackReliability).toEqual({ held: 3, heldAtExecution: 1, slipped: 0 });
    expect(card.overall.automationMix.inFallback).toEqual({ autoApproved: 2, approvalRequired: 1, rejected: 1, automatedShare: 0.6667 });
  });

  it('time in each mode, from the mode the domain was in when the window began', () => {
    expect(card.domains.inventory.timeInModeSeconds).toEqual({ automated: 2_700, 'manual-fallback': 600, probation: 300 });
    expect(card.domains.credit.timeInModeSeconds).toEqual({ automated: 3_000, 'manual-fallback': 600, probation: 0 });
    expect(card.domains.credit.overrides.forcedModes).toBe(1);
    expect(card.domains.planning.timeInModeSeconds).toBeNull();
    expect(card.domains.orders.timeInModeSeconds).toEqual({ automated: 3_600, 'manual-fallback': 0, probation: 0 });
    expect(card.domains.orders.overrides.forcedModes).toBe(1);
  });

  it('drift and bias per model', () => {
    expect(card.domains.inventory.drift).toEqual([{ modelId: 'stockout', modelVersion: '2', psi: 0.3, level: 'major' }]);
    expect(card.domains.inventory.forecastBias).toEqual([{ modelId: 'stockout', modelVersion: '2', bias: -1.5, sampleSize: 40 }]);
    expect(card.domains.orders.drift[0].level).toBe('ok');
    expect(card.domains.inventory.meanDataQuality).toBe(0.9);
  });

  it('overall adds the domains up and recomputes the rates', () => {
    const overall = card.overall;
    expect(overall.eventsIn).toBe(150);
    expect(overall.meanDataQuality).toBe(0.9143); // (90 + 38) / 140
    expect(overall.proposals).toBe(10);
    expect(overall.decisions).toEqual({ 'auto-approved': 5, 'approval-required': 2, rejected: 1, advisory: 4 });
    expect(overall.approvalLatencySeconds).toEqual({ count: 3, p50: 60, p95: 114 }); // 30, 60, 120: rank 1.9
    expect(overall.overrides).toEqual({ humanRejections: 1, humanRejectionRate: 0.3333, forcedModes: 2 });
    expect(overall.timeInModeSeconds).toEqual({ automated: 3_600 * 4 - 600 - 300 - 600, 'manual-fallback': 1_200, probation: 300 });
    expect(overall.drift.map((d) => d.modelId)).toEqual(['fulfilment', 'stockout']);
    expect(overall.health).toBe(0.75);
  });

  it('shadow vs champion: the newest report of each shadow version in the window, the WAPE delta shadow minus champion', () => {
    expect(card.domains.inventory.shadowVsChampion).toEqual([
      { modelId: 'demand-sensing', version: 'r1', champion: 'c1', since: '2025-03-03T06:00:00.000Z', forecasts: 0, wape: null, championWape: null, wapeDelta: null, reportedAt: '2025-03-03T08:05:00.000Z' },
      // 0.1875 - 0.3125 on the same 24 forecasts: the shadow does better.
      { modelId: 'demand-sensing', version: 'r2', champion: 'c1', since: '2025-03-03T07:00:00.000Z', forecasts: 24, wape: 0.1875, championWape: 0.3125, wapeDelta: -0.125, reportedAt: '2025-03-03T08:30:00.000Z' },
    ]);
    // 0.5 - 0.1: worse.
    expect(card.domains.orders.shadowVsChampion.map((r) => [r.version, r.wapeDelta])).toEqual([['f2', 0.4]]);
    expect(card.domains.credit.shadowVsChampion).toEqual([]);
    expect(card.overall.shadowVsChampion.map((r) => `${r.modelId}@${r.version}`)).toEqual(['demand-sensing@r1', 'demand-sensing@r2', 'fulfilment@f2']);
  });

  it('access violations by kind: a domain counts its own, overall every report, about a domain or not', () => {
    const none = { unauthenticated: 0, forbidden: 0, 'bad-signature': 0 };
    expect(card.domains.inventory.accessViolations).toEqual({ total: 5, byKind: { ...none, forbidden: 5 } });
    expect(card.domains.procurement.accessViolations).toEqual({ total: 1, byKind: { ...none, 'bad-signature': 1 } });
    expect(card.domains.credit.accessViolations).toEqual({ total: 0, byKind: none });
    // 3 + 2 + 1 about domains, 40 + 1 about none.
    expect(card.overall.accessViolations).toEqual({ total: 47, byKind: { unauthenticated: 40, forbidden: 6, 'bad-signature': 1 } });
  });
});

describe('scorecard helpers', () => {
  it('percentile interpolates like percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBe(48);
  });

  it('a domain without changes spent the whole window automated', () => {
    expect(timeInModes([], FROM, FROM + 10_000)).toEqual({ automated: 10, 'manual-fallback': 0, probation: 0 });
  });
});
