import { EventTypes } from '@governor/contracts';
import { sourceEvent } from '../../test/source-events';
import { DEFAULT_SCORING_CONFIG } from './scoring-config';
import { scoreValidity } from './validity';

const config = DEFAULT_SCORING_CONFIG; // penalty 0.5 per issue
const codes = (issues: string[]) => issues.map((i) => i.split(':')[0]);

describe('validity', () => {
  it('is 1 for the contract examples', () => {
    expect(scoreValidity(sourceEvent(EventTypes.InventoryLevelReportedV1), config)).toEqual({ score: 1, issues: [] });
    expect(scoreValidity(sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1), config)).toEqual({ score: 1, issues: [] });
    expect(scoreValidity(sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1), config)).toEqual({ score: 1, issues: [] });
  });

  it('flags allocated > onHand + inTransit (31 > 10 + 20): 1 - 0.5', () => {
    const event = sourceEvent(EventTypes.InventoryLevelReportedV1, { onHand: 10, inTransit: 20, allocated: 31 });
    const result = scoreValidity(event, config);
    expect(result.score).toBe(0.5);
    expect(result.issues).toEqual(['allocated-exceeds-available: allocated 31 > onHand 10 + inTransit 20']);
    expect(scoreValidity(sourceEvent(EventTypes.InventoryLevelReportedV1, { onHand: 10, inTransit: 20, allocated: 30 }), config).score).toBe(1);
  });

  it('costs each broken rule the penalty, down to 0: a subject that disagrees with the data as well', () => {
    const event = sourceEvent(EventTypes.InventoryLevelReportedV1, { onHand: 10, inTransit: 0, allocated: 11 }, { subject: 'SKU-9@DC-WEST' });
    const result = scoreValidity(event, config);
    expect(result.score).toBe(0);
    expect(codes(result.issues)).toEqual(['subject-mismatch', 'allocated-exceeds-available']);
    expect(scoreValidity(event, { ...config, validityIssuePenalty: 0.25 }).score).toBe(0.5);
  });

  it('allows quantityReceived up to quantityOrdered * 1.5 (750 of 500) and flags 751', () => {
    const ok = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { quantityOrdered: 500, quantityReceived: 750 });
    const over = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { quantityOrdered: 500, quantityReceived: 751 });
    expect(scoreValidity(ok, config).score).toBe(1);
    expect(codes(scoreValidity(over, config).issues)).toEqual(['over-received']);
  });

  it('allows receivedDate down to promisedDate - 365 days (2024-02-29 for 2025-02-28, a leap year between) and not a day earlier', () => {
    const edge = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { promisedDate: '2025-02-28', receivedDate: '2024-02-29' });
    const early = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { promisedDate: '2025-02-28', receivedDate: '2024-02-28' });
    expect(scoreValidity(edge, config).score).toBe(1);
    expect(codes(scoreValidity(early, config).issues)).toEqual(['received-long-before-promised']);
  });

  it('flags a delivery received after the event that records it (more than a day later)', () => {
    const late = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { receivedDate: '2025-03-05' }, { time: '2025-03-03T08:00:00Z' });
    expect(codes(scoreValidity(late, config).issues)).toEqual(['received-after-time']);
  });

  it('flags negative money even though the contract refuses it first', () => {
    const event = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, { unitCost: -1 });
    expect(scoreValidity(event, config).issues).toEqual(['negative-amount: unitCost -1']);
  });

  it('flags implausible values: lead time 400 days, exposure over 10 x the limit', () => {
    const terms = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, { quotedLeadTimeDays: 400 });
    expect(codes(scoreValidity(terms, config).issues)).toEqual(['implausible-lead-time']);
    const credit = sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, { creditLimit: 50_000, exposure: 500_001 });
    expect(codes(scoreValidity(credit, config).issues)).toEqual(['implausible-exposure']);
    const overLimit = sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, { creditLimit: 50_000, exposure: 500_000 });
    expect(scoreValidity(overLimit, config).score).toBe(1);
  });

  it('flags an order to ship before it was placed (a day of time-zone slack allowed)', () => {
    const time = '2025-03-03T08:00:00Z';
    const slack = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, { requestedShipDate: '2025-03-02' }, { time });
    const before = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, { requestedShipDate: '2025-03-01' }, { time });
    expect(scoreValidity(slack, config).score).toBe(1);
    expect(codes(scoreValidity(before, config).issues)).toEqual(['ship-date-before-order']);
  });

  it('flags an order line of zero quantity', () => {
    const event = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, { lines: [{ sku: 'SKU-1', quantity: 0, unitPrice: 3 }] });
    expect(scoreValidity(event, config).issues).toEqual(['zero-quantity-line: lines[0] (SKU-1) orders 0']);
  });

  it('flags demand recorded for a day after the event', () => {
    const event = sourceEvent(EventTypes.InventoryDemandRecordedV1, { date: '2025-03-05' }, { time: '2025-03-03T08:00:00Z' });
    expect(codes(scoreValidity(event, config).issues)).toEqual(['date-after-time']);
  });
});
