import { EventTypes } from '@governor/contracts';
import { at, sourceEvent, T0 } from '../../test/source-events';
import { nextLastSeen, scoreConsistency } from './consistency';
import { DEFAULT_SCORING_CONFIG } from './scoring-config';
import type { LastSeen } from './subject-state';

// Jumps: quantities 50x, prices and limits 10x; penalty 0.5 per issue.
const config = DEFAULT_SCORING_CONFIG;
const codes = (issues: string[]) => issues.map((i) => i.split(':')[0]);

const lastLevel: LastSeen = {
  factTime: '2025-03-03T07:00:00Z',
  state: { kind: 'inventory-level', onHand: 120, allocated: 30, inTransit: 40, unitCost: 12.5 },
};
const level = (data: { onHand?: number; unitCost?: number; asOf?: string }) =>
  sourceEvent(EventTypes.InventoryLevelReportedV1, { inTransit: 0, allocated: 0, asOf: T0, ...data });

describe('consistency', () => {
  it('is 1 with nothing seen before', () => {
    expect(scoreConsistency(level({ onHand: 1_000_000 }), undefined, config)).toEqual({ score: 1, issues: [] });
  });

  it('lets onHand rise to 50 x (last onHand 120 + inTransit 40) = 8000, and flags 8001', () => {
    expect(scoreConsistency(level({ onHand: 8000 }), lastLevel, config).score).toBe(1);
    const jump = scoreConsistency(level({ onHand: 8001 }), lastLevel, config);
    expect(jump).toEqual({ score: 0.5, issues: ['on-hand-jump: onHand 8001 vs 120 (+40 in transit) last seen'] });
  });

  it('flags onHand falling more than 50x: 120 to 2 (120 > 100), not 120 to 3 (120 < 150)', () => {
    expect(codes(scoreConsistency(level({ onHand: 2 }), lastLevel, config).issues)).toEqual(['on-hand-jump']);
    expect(scoreConsistency(level({ onHand: 3 }), lastLevel, config).score).toBe(1);
  });

  it('adds a unit cost change over 10x (12.5 to 130 is 10.4x) as a second issue: 1 - 2 x 0.5 = 0', () => {
    const result = scoreConsistency(level({ onHand: 12_000, unitCost: 130 }), lastLevel, config);
    expect(result.score).toBe(0);
    expect(codes(result.issues)).toEqual(['on-hand-jump', 'unit-cost-jump']);
  });

  it('reports an event older than the last state as out of order, without comparing it', () => {
    const old = level({ onHand: 12_000, asOf: '2025-03-03T06:00:00Z' });
    expect(scoreConsistency(old, lastLevel, config)).toEqual({
      score: 0.5,
      issues: ['out-of-order: fact time 2025-03-03T06:00:00Z is before the last seen 2025-03-03T07:00:00Z'],
    });
    expect(nextLastSeen(old, lastLevel)).toBeUndefined();
  });

  it('flags a shipment that goes from delivered back to picked, not one delayed after dispatch', () => {
    const last: LastSeen = { factTime: T0, state: { kind: 'shipments', shipments: { 'SHP-9001': { status: 'delivered', time: T0 } } } };
    const picked = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { status: 'picked' }, { time: at(60).toISOString() });
    expect(scoreConsistency(picked, last, config)).toEqual({
      score: 0.5,
      issues: ['status-regressed: shipment SHP-9001 went from delivered back to picked'],
    });
    const dispatched: LastSeen = { factTime: T0, state: { kind: 'shipments', shipments: { 'SHP-9001': { status: 'dispatched', time: T0 } } } };
    const delayed = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { status: 'delayed' }, { time: at(60).toISOString() });
    expect(scoreConsistency(delayed, dispatched, config).score).toBe(1);
    // Another shipment of the same order has its own history.
    const other = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { shipmentId: 'SHP-2', status: 'picked' }, { time: at(60).toISOString() });
    expect(scoreConsistency(other, last, config).score).toBe(1);
  });

  it('flags exposure changing more than 50x and days past due growing faster than the days passed', () => {
    const last: LastSeen = { factTime: T0, state: { kind: 'credit-exposure', creditLimit: 50_000, exposure: 1_000, daysPastDue: 10 } };
    const twoDaysLater = at(2 * 86_400).toISOString();
    const credit = (exposure: number, daysPastDue: number) =>
      sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, { creditLimit: 50_000, exposure, daysPastDue }, { time: twoDaysLater });
    // 13 - 10 = 3 <= 2 days + 1; 50000 / 1000 = 50, not over 50
    expect(scoreConsistency(credit(50_000, 13), last, config).score).toBe(1);
    const result = scoreConsistency(credit(60_000, 14), last, config);
    expect(codes(result.issues)).toEqual(['exposure-jump', 'days-past-due-jump']);
    expect(result.score).toBe(0);
  });

  it('flags a credit limit changing more than 10x (50000 to 600000)', () => {
    const last: LastSeen = { factTime: T0, state: { kind: 'credit-exposure', creditLimit: 50_000, exposure: 41_250, daysPastDue: 12 } };
    const event = sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, { creditLimit: 600_000, exposure: 41_250, daysPastDue: 12 });
    expect(codes(scoreConsistency(event, last, config).issues)).toEqual(['credit-limit-jump']);
  });

  it('flags demand over 50x the last recorded (floor of 1 unit): 51 after 1, not 50 after 0', () => {
    const last = (quantity: number): LastSeen => ({ factTime: T0, state: { kind: 'demand', date: '2025-03-02', quantity } });
    const demand = (quantity: number) => sourceEvent(EventTypes.InventoryDemandRecordedV1, { quantity }, { time: at(60).toISOString() });
    expect(codes(scoreConsistency(demand(51), last(1), config).issues)).toEqual(['demand-jump']);
    expect(scoreConsistency(demand(50), last(0), config).score).toBe(1);
  });

  it('flags a purchase order whose supplier and ordered quantity change between deliveries', () => {
    const last: LastSeen = { factTime: T0, state: { kind: 'deliveries', supplierId: 'SUP-1', quantityOrdered: { 'SKU-1001': 400 } } };
    const event = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { supplierId: 'SUP-17', quantityOrdered: 500 });
    expect(codes(scoreConsistency(event, last, config).issues)).toEqual(['supplier-changed', 'quantity-ordered-changed']);
  });

  it('flags a quoted lead time changing more than 10x (7 to 80 days)', () => {
    const last: LastSeen = { factTime: T0, state: { kind: 'supplier-terms', unitCost: 12.5, minOrderQuantity: 100, quotedLeadTimeDays: 7 } };
    const event = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, { quotedLeadTimeDays: 80 }, { time: at(60).toISOString() });
    expect(codes(scoreConsistency(event, last, config).issues)).toEqual(['lead-time-jump']);
  });

  describe('nextLastSeen', () => {
    it('remembers the newest inventory level', () => {
      expect(nextLastSeen(level({ onHand: 7 }), lastLevel)).toEqual({
        factTime: T0,
        state: { kind: 'inventory-level', onHand: 7, allocated: 0, inTransit: 0, unitCost: 12.5 },
      });
    });

    it('keeps each shipment of an order and each line of a purchase order', () => {
      const first = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { shipmentId: 'A', status: 'picked' });
      const second = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { shipmentId: 'B', status: 'dispatched' }, { time: at(60).toISOString() });
      const afterBoth = nextLastSeen(second, nextLastSeen(first, undefined));
      expect(afterBoth).toEqual({
        factTime: at(60).toISOString(),
        state: { kind: 'shipments', shipments: { A: { status: 'picked', time: T0 }, B: { status: 'dispatched', time: at(60).toISOString() } } },
      });
      const line = (sku: string, quantityOrdered: number) =>
        sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1, { sku, quantityOrdered });
      expect(nextLastSeen(line('X', 5), nextLastSeen(line('Y', 7), undefined))?.state).toEqual({
        kind: 'deliveries',
        supplierId: 'SUP-17',
        quantityOrdered: { X: 5, Y: 7 },
      });
    });
  });
});
