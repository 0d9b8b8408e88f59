import { EventTypes } from '@governor/contracts';
import { at, sourceEvent, T0 } from '../../test/source-events';
import { DEFAULT_SCORING_CONFIG } from './scoring-config';
import { scoreTimeliness } from './timeliness';

// Inventory levels: expected within 900 s, 0 at 10 x 900 = 9000 s; skew 300 s.
const config = DEFAULT_SCORING_CONFIG;
const level = sourceEvent(EventTypes.InventoryLevelReportedV1, { asOf: T0 }, { time: T0 });

describe('timeliness', () => {
  it('is 1 up to the expected age (600 s and 900 s of 900 s)', () => {
    expect(scoreTimeliness(level, at(600), config)).toEqual({ score: 1, issues: [] });
    expect(scoreTimeliness(level, at(900), config).score).toBe(1);
  });

  it('falls linearly to 0 at 10 x the expected age: 4950 s gives 1 - 4050/8100 = 0.5', () => {
    const result = scoreTimeliness(level, at(4950), config);
    expect(result.score).toBeCloseTo(0.5, 10);
    expect(result.issues).toEqual(['late: 4950s old at arrival, expected within 900s']);
    expect(scoreTimeliness(level, at(9000), config).score).toBe(0);
    expect(scoreTimeliness(level, at(20_000), config).score).toBe(0);
  });

  it("measures an inventory level's age from asOf, not time: 3600 s old gives 1 - 2700/8100", () => {
    const event = sourceEvent(EventTypes.InventoryLevelReportedV1, { asOf: '2025-03-03T07:00:00Z' }, { time: T0 });
    expect(scoreTimeliness(event, at(0), config).score).toBeCloseTo(1 - 2700 / 8100, 10);
  });

  it('measures other types from time, with their own expectation: demand 2 days old gives 1 - 86400/777600', () => {
    const demand = sourceEvent(EventTypes.InventoryDemandRecordedV1, {}, { time: T0 });
    expect(scoreTimeliness(demand, at(172_800), config).score).toBeCloseTo(1 - 86_400 / 777_600, 10);
  });

  it('scores 0 for a fact time beyond the clock skew in the future, 1 within it', () => {
    const future = sourceEvent(EventTypes.InventoryLevelReportedV1, { asOf: at(600).toISOString() });
    const result = scoreTimeliness(future, at(0), config);
    expect(result).toEqual({ score: 0, issues: ['time-in-future: 2025-03-03T08:10:00.000Z is 600s after arrival'] });
    const skewed = sourceEvent(EventTypes.InventoryLevelReportedV1, { asOf: at(200).toISOString() });
    expect(scoreTimeliness(skewed, at(0), config).score).toBe(1);
  });
});
