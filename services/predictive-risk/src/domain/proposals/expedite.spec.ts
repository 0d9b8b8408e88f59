import { EMPTY_STATS, type RunningStats } from '../math/welford';
import { buildModelCatalog } from '../models/model-catalog';
import { recordLateness } from '../models/supplier-lead-time';
import { expediteProposal } from './expedite';

const model = buildModelCatalog({
  demandSensing: { alpha: 0.3, beta: 0, gamma: 0, maxGapDays: 28 },
  stockoutRisk: { serviceLevel: 0.95, reviewPeriodDays: 7, minHistoryDays: 14 },
  supplierLeadTime: { lateToleranceDays: 1, minSamples: 3, expediteThreshold: 0.5 },
  orderFulfilment: { horizonDays: 7, delayWeight: 0.8, riskThreshold: 0.5 },
  creditRisk: { utilisationWarn: 0.8, daysPastDueLimit: 60, holdThreshold: 0.7, releaseThreshold: 0.4 },
}).supplierLeadTime;
const evidence = {
  ref: { source: 'urn:erp', id: 'del-1', type: 'procurement.supplier-delivery-recorded.v1' },
  score: 0.9,
  issues: [],
};
const feed = (values: number[]): RunningStats => values.reduce(recordLateness, EMPTY_STATS);
const delivery = {
  purchaseOrderId: 'PO-1',
  supplierId: 'SUP-1',
  sku: 'SKU-1',
  quantityOrdered: 500,
  quantityReceived: 300,
  latenessDays: 4,
};

describe('expediting late suppliers', () => {
  it('chases the outstanding part of a PO from a supplier likely to be late', () => {
    // lateness 2, 4, 4, 4, 5, 5, 7, 9: P(> 1 day late) = 0.969316, 8 deliveries -> evidence 1
    const draft = expediteProposal(delivery, feed([2, 4, 4, 4, 5, 5, 7, 9]), evidence, model);
    expect(draft?.actionType).toBe('procurement.expedite-supplier');
    expect(draft?.parameters).toMatchObject({ purchaseOrderId: 'PO-1', supplierId: 'SUP-1' });
    expect(draft?.parameters.reason).toContain('200 of 500 SKU-1 still outstanding');
    expect(draft?.confidence).toBeCloseTo(0.969316, 5);
    expect(draft?.features).toMatchObject({ outstandingQuantity: 200, deliveries: 8, meanLatenessDays: 5 });
  });

  it('scales confidence by the evidence of few deliveries', () => {
    // one delivery 4 days late: P(late) = 1, evidence 1/3
    expect(expediteProposal(delivery, feed([4]), evidence, model)?.confidence).toBeCloseTo(1 / 3, 12);
  });

  it('chases nothing when the PO is complete or the supplier is usually on time', () => {
    expect(
      expediteProposal({ ...delivery, quantityReceived: 500 }, feed([9, 9, 9]), evidence, model),
    ).toBeNull();
    // 0, 1, 0: mean 1/3, sd 0.57735 -> P(> 1) = 1 - Phi(1.1547) = 0.124 < 0.5
    expect(expediteProposal(delivery, feed([0, 1, 0]), evidence, model)).toBeNull();
  });
});
