import { EventTypes } from '@governor/contracts';
import { applyCompetitorPromotion } from './demand-shift';
import { buildScenario } from './scenario';

type Demand = { sku: string; location: string; date: string; quantity: number };

describe('applyCompetitorPromotion', () => {
  const start = new Date('2026-12-05T09:00:00Z');
  const demand = (s: ReturnType<typeof buildScenario>) =>
    s.events.filter((e) => e.event.type === EventTypes.InventoryDemandRecordedV1).map((e) => e.event.data as Demand);

  it("scales the recorded demand of a seeded share of the SKUs over the last week, and nothing else", () => {
    const before = demand(buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId: 'r', start, historyDays: 28 }));
    const scenario = buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId: 'r', start, historyDays: 28 });
    const shift = applyCompetitorPromotion(scenario, { seed: 7, today: start });
    const after = demand(scenario);

    expect(shift.from).toBe('2026-11-29');
    expect(shift.factor).toBe(0.4);
    expect(shift.skus.length).toBeGreaterThan(scenario.catalog.skus.length / 2);
    after.forEach((d, i) => {
      const expected = shift.skus.includes(d.sku) && d.date >= shift.from ? Math.round(before[i].quantity * 0.4) : before[i].quantity;
      expect({ ...d, quantity: d.quantity }).toEqual({ ...before[i], quantity: expected });
    });
    expect(after.some((d, i) => d.quantity !== before[i].quantity)).toBe(true);
    expect(applyCompetitorPromotion(buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId: 'r', start, historyDays: 28 }), { seed: 7, today: start }).skus).toEqual(shift.skus);
  });
});
