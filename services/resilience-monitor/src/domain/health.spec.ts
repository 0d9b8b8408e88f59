// The health formula, with expectations computed by hand from the policy below.
import { computeHealth, DomainSignals, emptySignals, HealthPolicy } from './health';

const policy: HealthPolicy = {
  feedReportMaxAgeSeconds: 60,
  staleFeedPenalty: 0.6,
  quality: { limit: 0.9, slope: 2, maxPenalty: 0.4 },
  invalidRatio: { limit: 0.05, slope: 2, maxPenalty: 0.3 },
  drift: { warningPsi: 0.1, majorPsi: 0.25, warningPenalty: 0.1, majorPenalty: 0.3 },
  bias: { limit: 5, minSamples: 10, penalty: 0.1 },
  failureRate: { limit: 0.1, slope: 1, maxPenalty: 0.3, minSamples: 5 },
  rejectionRate: { limit: 0.3, slope: 0.5, maxPenalty: 0.2, minSamples: 4 },
};
const NOW = Date.parse('2025-03-03T08:00:00Z');
const WMS = 'urn:wms:dc-east|source.inventory.v1';
const ERP = 'urn:erp:plant-1000|source.inventory.v1';

function signals(overrides: Partial<DomainSignals>): DomainSignals {
  return { ...emptySignals(), ...overrides };
}

const freshFeed = (feed: string) => ({ feed, stale: false, reportedAt: NOW - 5_000, secondsSinceLastEvent: 2 });
const model = (psi: number | null, forecastBias: number | null = null, biasSampleSize = 0) => ({
  modelId: `m-${psi}-${forecastBias}`,
  modelVersion: '1',
  psi,
  forecastBias,
  biasSampleSize,
});

describe('domain health', () => {
  it('is 1 with no signal at all (a domain nobody reports on is not penalised)', () => {
    expect(computeHealth(emptySignals(), policy, NOW)).toEqual({ health: 1, staleFeeds: [], reasons: [] });
  });

  it('is 1 when every signal is within its limit', () => {
    const result = computeHealth(
      signals({
        feeds: [freshFeed(WMS)],
        quality: { events: 100, invalid: 5, scoredEvents: 100, scoreSum: 90 }, // ratio 0.05, mean 0.9: at the limits
        models: [model(0.1, 5, 50), model(null)],
        executions: { executed: 9, failed: 1 }, // 10%
        approvals: { approved: 7, rejected: 3 }, // 30%
      }),
      policy,
      NOW,
    );
    expect(result).toEqual({ health: 1, staleFeeds: [], reasons: [] });
  });

  it('a stale feed costs the stale-feed penalty and is listed', () => {
    const result = computeHealth(
      signals({ feeds: [freshFeed(ERP), { feed: WMS, stale: true, reportedAt: NOW - 1_000, secondsSinceLastEvent: 700 }] }),
      policy,
      NOW,
    );
    expect(result).toEqual({
      health: 0.4,
      staleFeeds: [WMS],
      reasons: [{ signal: 'feed-stale', value: 700, penalty: 0.6, message: `${WMS} is stale: silent for 700 s` }],
    });
  });

  it('a feed without a recent feed-health report counts as stale; the penalty is shared', () => {
    const result = computeHealth(
      signals({
        feeds: [
          { feed: WMS, stale: false, reportedAt: NOW - 90_000, secondsSinceLastEvent: 1 },
          { feed: ERP, stale: true, reportedAt: NOW, secondsSinceLastEvent: null },
        ],
      }),
      policy,
      NOW,
    );
    expect(result.health).toBe(0.4);
    expect(result.staleFeeds).toEqual([ERP, WMS]);
    expect(result.reasons).toEqual([
      { signal: 'feed-stale', value: null, penalty: 0.3, message: `${ERP} is stale: never seen` },
      { signal: 'feed-health-silent', value: 90, penalty: 0.3, message: `no feed health for ${WMS} in 90 s (over 60 s)` },
    ]);
  });

  it('low mean quality and many invalid records lower it linearly', () => {
    // mean 0.8: (0.9 - 0.8) * 2 = 0.2; invalid 15%: (0.15 - 0.05) * 2 = 0.2; health 1 - 0.4 = 0.6.
    const result = computeHealth(signals({ quality: { events: 100, invalid: 15, scoredEvents: 80, scoreSum: 64 } }), policy, NOW);
    expect(result.health).toBe(0.6);
    expect(result.reasons.map((r) => [r.signal, r.value, r.penalty])).toEqual([
      ['data-quality', 0.8, 0.2],
      ['invalid-records', 0.15, 0.2],
    ]);
  });

  it('caps the quality penalties', () => {
    // mean 0.5 would cost 0.8, capped at 0.4; invalid 50% would cost 0.9, capped at 0.3.
    const result = computeHealth(signals({ quality: { events: 10, invalid: 5, scoredEvents: 10, scoreSum: 5 } }), policy, NOW);
    expect(result.health).toBe(0.3);
  });

  it('drift: PSI over 0.1 is a warning, over 0.25 major; the worst model counts once', () => {
    expect(computeHealth(signals({ models: [model(0.12)] }), policy, NOW).health).toBe(0.9);
    expect(computeHealth(signals({ models: [model(0.25)] }), policy, NOW).health).toBe(0.9);
    const both = computeHealth(signals({ models: [model(0.12), model(0.3)] }), policy, NOW);
    expect(both.health).toBe(0.7);
    expect(both.reasons).toEqual([
      { signal: 'model-drift', value: 0.3, penalty: 0.3, message: 'major drift of m-0.3-null@1: PSI 0.300 over 0.25' },
    ]);
  });

  it('forecast bias beyond the limit costs the bias penalty once enough actuals are known', () => {
    expect(computeHealth(signals({ models: [model(null, -7, 12)] }), policy, NOW).health).toBe(0.9);
    expect(computeHealth(signals({ models: [model(null, 9, 3)] }), policy, NOW).health).toBe(1);
  });

  it('execution failures and human rejections count once there are enough samples', () => {
    // 2 of 10 failed: (0.2 - 0.1) * 1 = 0.1.
    expect(computeHealth(signals({ executions: { executed: 8, failed: 2 } }), policy, NOW).health).toBe(0.9);
    // 1 of 4 failed: fewer than 5 executions, no penalty.
    expect(computeHealth(signals({ executions: { executed: 3, failed: 1 } }), policy, NOW).health).toBe(1);
    // 3 of 4 rejected: (0.75 - 0.3) * 0.5 = 0.225, capped at 0.2.
    const rejected = computeHealth(signals({ approvals: { approved: 1, rejected: 3 } }), policy, NOW);
    expect(rejected.health).toBe(0.8);
    expect(rejected.reasons[0]).toMatchObject({ signal: 'human-rejections', value: 0.75, penalty: 0.2 });
  });

  it('adds the penalties of every signal, and the reasons add up to what was lost', () => {
    // quality 0.2 + major drift 0.3 + failures 0.1 + rejections 0.2 = 0.8.
    const result = computeHealth(
      signals({
        feeds: [freshFeed(WMS)],
        quality: { events: 100, invalid: 0, scoredEvents: 100, scoreSum: 80 },
        models: [model(0.4)],
        executions: { executed: 8, failed: 2 },
        approvals: { approved: 1, rejected: 3 },
      }),
      policy,
      NOW,
    );
    expect(result.health).toBe(0.2);
    expect(result.reasons.reduce((s, r) => s + r.penalty, 0)).toBeCloseTo(0.8, 10);
  });

  it('never goes below 0', () => {
    const result = computeHealth(
      signals({
        feeds: [{ feed: WMS, stale: true, reportedAt: NOW, secondsSinceLastEvent: 900 }],
        quality: { events: 10, invalid: 5, scoredEvents: 10, scoreSum: 5 },
      }),
      policy,
      NOW,
    );
    expect(result.health).toBe(0);
  });
});
