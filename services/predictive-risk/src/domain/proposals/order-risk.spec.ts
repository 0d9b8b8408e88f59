import { buildModelCatalog } from '../models/model-catalog';
import { creditRisk } from '../models/credit-risk';
import { fulfilmentRisk } from '../models/order-fulfilment';
import { creditHoldProposal, creditReleaseProposal, fulfilmentProposal } from './order-risk';

const catalog = buildModelCatalog({
  demandSensing: { alpha: 0.3, beta: 0, gamma: 0, maxGapDays: 28 },
  stockoutRisk: { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 },
  supplierLeadTime: { lateToleranceDays: 1, minSamples: 3, expediteThreshold: 0.5 },
  orderFulfilment: { horizonDays: 7, delayWeight: 0.8, riskThreshold: 0.5 },
  creditRisk: { utilisationWarn: 0.8, daysPastDueLimit: 60, holdThreshold: 0.7, releaseThreshold: 0.4 },
});
const evidence = [
  { ref: { source: 'urn:erp', id: 'so-1', type: 'orders.sales-order-placed.v1' }, score: 0.95, issues: [] },
];
const order = {
  orderId: 'SO-1',
  customerId: 'C-1',
  location: 'DC-A',
  priority: 'standard' as const,
  amount: 3000,
  daysToShip: 1,
};

describe('order proposals', () => {
  it('moves an at-risk standard order to expedite', () => {
    // 10 ordered, 2 available: shortage 0.8; urgency 7/8 = 0.875; risk 0.8 * 0.875 = 0.7
    const risk = fulfilmentRisk(
      [{ sku: 'A', quantity: 10 }],
      new Map([['A', 2]]),
      1,
      false,
      catalog.orderFulfilment.parameters,
    );
    const draft = fulfilmentProposal(order, risk, evidence, evidence[0].ref, catalog.orderFulfilment);
    expect(draft?.actionType).toBe('orders.reprioritize-order');
    expect(draft?.parameters).toMatchObject({ orderId: 'SO-1', priority: 'expedite' });
    expect(draft?.confidence).toBeCloseTo(0.7, 12);
    const expedite = fulfilmentProposal(
      { ...order, priority: 'expedite' },
      risk,
      evidence,
      evidence[0].ref,
      catalog.orderFulfilment,
    );
    expect(expedite?.actionType).toBe('planning.notify-planner');
    const safe = fulfilmentRisk(
      [{ sku: 'A', quantity: 10 }],
      new Map([['A', 20]]),
      1,
      false,
      catalog.orderFulfilment.parameters,
    );
    expect(fulfilmentProposal(order, safe, evidence, evidence[0].ref, catalog.orderFulfilment)).toBeNull();
  });

  it('holds and releases on credit with the risk the order brings', () => {
    const params = catalog.creditRisk.parameters;
    // 48,000 of 50,000 with 15 days past due: risk 0.85 (credit-risk.spec)
    const hold = creditHoldProposal(
      order,
      creditRisk(50_000, 48_000, 15, params),
      15,
      evidence,
      evidence[0].ref,
      catalog.creditRisk,
    );
    expect(hold.parameters).toMatchObject({ orderId: 'SO-1', customerId: 'C-1', amount: 3000 });
    expect(hold.parameters.reason).toContain('utilisation 96% of the limit, 15 days past due');
    expect(hold.confidence).toBeCloseTo(0.85, 12);
    // 30,000 with 12 days past due: risk 0.2 -> confidence 0.8
    const release = creditReleaseProposal(
      order,
      creditRisk(50_000, 30_000, 12, params),
      12,
      evidence,
      evidence[0].ref,
      catalog.creditRisk,
    );
    expect(release.parameters).toEqual({ orderId: 'SO-1', customerId: 'C-1', amount: 3000 });
    expect(release.confidence).toBeCloseTo(0.8, 12);
  });
});
