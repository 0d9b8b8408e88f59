import { EMPTY_STATS } from '../math/welford';
import { buildModelCatalog } from '../models/model-catalog';
import { bestSupplier, planLocation, type ReplenishmentInput, type SupplierInput } from './replenishment';

const catalog = buildModelCatalog({
  demandSensing: { alpha: 0.3, beta: 0, gamma: 0, maxGapDays: 28 },
  stockoutRisk: { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 },
  supplierLeadTime: { lateToleranceDays: 1, minSamples: 3, expediteThreshold: 0.5 },
  orderFulfilment: { horizonDays: 7, delayWeight: 0.8, riskThreshold: 0.5 },
  creditRisk: { utilisationWarn: 0.8, daysPastDueLimit: 60, holdThreshold: 0.7, releaseThreshold: 0.4 },
});
const models = {
  stockout: catalog.stockoutRisk,
  demand: catalog.demandSensing,
  leadTime: catalog.supplierLeadTime.parameters,
};
const ev = (type: string, id: string, score: number) => ({
  ref: { source: 'urn:test', id, type },
  score,
  issues: [],
});

function supplier(
  supplierId: string,
  unitCost: number,
  minOrderQuantity: number,
  quotedLeadTimeDays = 9,
): SupplierInput {
  return {
    supplierId,
    unitCost,
    minOrderQuantity,
    quotedLeadTimeDays,
    lateness: EMPTY_STATS,
    evidence: ev('terms', `t-${supplierId}`, 0.9),
  };
}

// mu 20/day, sigma^2 16, 14 days of history, lead time 9 days, 95%, review 7 days:
// reorder point 180 + 1.6448536*12 = 199.738244, order-up-to 339.738244 (see stockout-risk.spec).
function input(onHand: number, overrides: Partial<ReplenishmentInput> = {}): ReplenishmentInput {
  return {
    sku: 'SKU-1',
    location: 'DC-A',
    today: '2025-03-03',
    inventory: {
      location: 'DC-A',
      levels: { onHand, allocated: 10, inTransit: 20 },
      unitCost: 4,
      evidence: ev('level', 'lvl-1', 0.97),
    },
    demand: { rate: { mean: 20, variance: 16, daysObserved: 14 }, evidence: ev('demand', 'dem-1', 0.99) },
    suppliers: [supplier('SUP-A', 5, 100)],
    otherLocations: [],
    openQuantity: 0,
    trigger: { source: 'urn:test', id: 'lvl-1', type: 'level' },
    ...overrides,
  };
}

describe('replenishment planning', () => {
  it('proposes a purchase order for the shortfall to the order-up-to level', () => {
    // position 150 + 20 - 10 = 160; shortfall 339.738 - 160 = 179.738 -> 180 (above the 100 minimum)
    // amount 180 x 5 = 900; needBy 2025-03-03 + 9 days = 2025-03-12
    const outcome = planLocation(input(150), models);
    if (outcome.kind !== 'propose') throw new Error(`expected a proposal, got ${outcome.kind}`);
    expect(outcome.draft.actionType).toBe('procurement.create-purchase-order');
    expect(outcome.draft.parameters).toEqual({
      supplierId: 'SUP-A',
      sku: 'SKU-1',
      location: 'DC-A',
      quantity: 180,
      unitCost: 5,
      amount: 900,
      needBy: '2025-03-12',
    });
    // 14 days of history: factor 1; P(D over 16 days > 160) = 1 - Phi((160 - 320)/16) = 1.
    expect(outcome.draft.confidence).toBeCloseTo(1, 6);
    expect(outcome.draft.features).toMatchObject({
      demandModelVersion: catalog.demandSensing.version,
      reorderPoint: 199.7382,
      orderUpToLevel: 339.7382,
      stockPosition: 160,
    });
    expect(outcome.draft.model).toEqual({ id: 'stockout-risk', version: catalog.stockoutRisk.version });
    expect(outcome.draft.evidence.map((e) => e.ref.id)).toEqual(['lvl-1', 'dem-1', 't-SUP-A']);
    expect(outcome.draft.need).toEqual({ key: 'replenish|SKU-1@DC-A', quantity: 180 });
  });

  it('chooses the cheapest supplier and orders at least its minimum', () => {
    // SUP-B at 4.5 beats SUP-A at 5; its minimum of 500 lifts 180 to 500; 500 x 4.5 = 2250.
    const outcome = planLocation(
      input(150, { suppliers: [supplier('SUP-A', 5, 100), supplier('SUP-B', 4.5, 500)] }),
      models,
    );
    if (outcome.kind !== 'propose') throw new Error('expected a proposal');
    expect(outcome.draft.parameters).toMatchObject({ supplierId: 'SUP-B', quantity: 500, amount: 2250 });
  });

  it('breaks a price tie by the shorter lead time', () => {
    const best = bestSupplier([supplier('SUP-A', 5, 100, 9), supplier('SUP-C', 5, 100, 4)], models.leadTime);
    expect(best?.supplierId).toBe('SUP-C');
  });

  it('counts units already proposed for the open need as on order', () => {
    // 160 + 180 open = 340 > 199.74: covered, but not resolved (160 alone is below the reorder point).
    expect(planLocation(input(150, { openQuantity: 180 }), models)).toMatchObject({
      kind: 'covered',
      resolved: false,
    });
    // 90 + 20 - 10 = 100, + 50 open = 150 <= 199.74: only 339.738 - 150 = 189.738 -> 190 more.
    const grown = planLocation(input(90, { openQuantity: 50 }), models);
    if (grown.kind !== 'propose') throw new Error('expected a proposal');
    expect(grown.draft.parameters).toMatchObject({ quantity: 190 });
  });

  it('resolves the need once the position is back above the reorder point', () => {
    // 250 + 20 - 10 = 260 > 199.74
    expect(planLocation(input(250), models)).toMatchObject({ kind: 'covered', resolved: true });
  });

  it('transfers from a location holding enough above its own order-up-to level', () => {
    // DC-B: mu 10, sigma^2 4, lead 9: D_L ~ N(90, 36), reorder point 90 + 1.6448536*6 = 99.869,
    // order-up-to 99.869 + 70 = 169.869; position 600 -> surplus floor(600 - 169.869) = 430 >= 180.
    const other = {
      inventory: {
        location: 'DC-B',
        levels: { onHand: 600, allocated: 0, inTransit: 0 },
        unitCost: 4.2,
        evidence: ev('level', 'lvl-b', 0.9),
      },
      demand: { rate: { mean: 10, variance: 4, daysObserved: 14 }, evidence: ev('demand', 'dem-b', 0.95) },
    };
    const outcome = planLocation(input(150, { otherLocations: [other] }), models);
    if (outcome.kind !== 'propose') throw new Error('expected a proposal');
    expect(outcome.draft.actionType).toBe('inventory.transfer-stock');
    // 180 x 4.2 = 756
    expect(outcome.draft.parameters).toEqual({
      sku: 'SKU-1',
      fromLocation: 'DC-B',
      toLocation: 'DC-A',
      quantity: 180,
      amount: 756,
    });
    expect(outcome.draft.features).toMatchObject({ sourceSurplus: 430 });
    // Too little surplus (onHand 300 -> 130 < 180): a purchase order instead.
    const small = {
      ...other,
      inventory: { ...other.inventory, levels: { onHand: 300, allocated: 0, inTransit: 0 } },
    };
    const po = planLocation(input(150, { otherLocations: [small] }), models);
    expect(po.kind === 'propose' && po.draft.actionType).toBe('procurement.create-purchase-order');
  });

  it('tells a planner when cover is short and no supplier terms are known', () => {
    // position 60 + 20 - 10 = 70 -> 3.5 days of cover < 7-day review period
    const outcome = planLocation(input(60, { suppliers: [] }), models);
    expect(outcome.kind).toBe('no-supplier');
    if (outcome.kind !== 'no-supplier' || !outcome.draft) throw new Error('expected a notice');
    expect(outcome.daysOfCover).toBe(3.5);
    expect(outcome.draft.actionType).toBe('planning.notify-planner');
    expect(planLocation(input(200, { suppliers: [] }), models)).toMatchObject({
      kind: 'no-supplier',
      draft: null,
    });
  });
});
