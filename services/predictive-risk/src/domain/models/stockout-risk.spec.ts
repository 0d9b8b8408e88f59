import { demandOver, orderQuantity, planReplenishment, stockPosition } from './stockout-risk';

const params = { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 };
const demand = { mean: 20, variance: 16, daysObserved: 7 };

describe('stockout risk over the lead time (normal approximation)', () => {
  it('computes the plan by hand for mu 20/day, sigma 4, a 9-day lead time, 95% service level', () => {
    // z = Phi^-1(0.95) = 1.6448536
    // D_L ~ N(9*20, 9*16) = N(180, 144): sd 12
    // safety stock = 1.6448536 * 12 = 19.738244; reorder point = 199.738244
    // order-up-to = 199.738244 + 20 * 7 = 339.738244
    // position = 150 on hand + 20 in transit - 10 allocated = 160 <= 199.74: an order is needed
    // P(stockout within L) = 1 - Phi((160 - 180) / 12) = Phi(1.6667) = 0.952210
    // protection interval L + R = 16 days: N(320, 256), sd 16: 1 - Phi(-10) = 1
    // history 7 of 14 days -> factor 0.5 -> confidence 0.5
    const position = stockPosition({ onHand: 150, allocated: 10, inTransit: 20 });
    expect(position).toBe(160);
    const plan = planReplenishment(demand, { days: 9, varianceDays2: 0 }, position, params);
    expect(plan.z).toBeCloseTo(1.6448536, 6);
    expect(plan.leadTimeDemandMean).toBe(180);
    expect(plan.leadTimeDemandSd).toBe(12);
    expect(plan.safetyStock).toBeCloseTo(19.738244, 5);
    expect(plan.reorderPoint).toBeCloseTo(199.738244, 5);
    expect(plan.orderUpToLevel).toBeCloseTo(339.738244, 5);
    expect(plan.belowReorderPoint).toBe(true);
    expect(plan.stockoutProbability).toBeCloseTo(0.95221, 5);
    expect(plan.protectionStockoutProbability).toBeCloseTo(1, 6);
    expect(plan.historyFactor).toBe(0.5);
    expect(plan.confidence).toBeCloseTo(0.5, 6);
  });

  it('adds mu^2 var(L) when the lead time varies', () => {
    // var(D_L) = 9*16 + 20^2 * 4 = 144 + 1600 = 1744, sd 41.761226;
    // safety stock 1.6448536 * 41.761226 = 68.691104, reorder point 248.691104
    expect(demandOver(9, demand, 4).sd).toBeCloseTo(41.761226, 5);
    const plan = planReplenishment(demand, { days: 9, varianceDays2: 4 }, 160, params);
    expect(plan.safetyStock).toBeCloseTo(68.691104, 5);
    expect(plan.reorderPoint).toBeCloseTo(248.691104, 5);
  });

  it('is not below the reorder point when the position is above it', () => {
    const plan = planReplenishment(
      { ...demand, daysObserved: 30 },
      { days: 9, varianceDays2: 0 },
      250,
      params,
    );
    expect(plan.belowReorderPoint).toBe(false);
    expect(plan.historyFactor).toBe(1);
  });
});

describe('order-up-to sizing', () => {
  it('orders the shortfall to the order-up-to level in whole units', () => {
    // 339.738244 - 160 = 179.738 -> 180
    expect(orderQuantity(339.738244, 160, 50)).toBe(180);
  });

  it('rounds up to the supplier minimum order quantity', () => {
    expect(orderQuantity(339.738244, 160, 250)).toBe(250);
  });

  it('orders nothing when the position already reaches the level', () => {
    expect(orderQuantity(339.7, 340, 250)).toBe(0);
    expect(orderQuantity(300, 200, 0)).toBe(100);
  });
});
