import { EventTypes } from '@governor/contracts';
import { sourceEvent } from '../../test/source-events';
import { scoreCompleteness } from './completeness';

describe('completeness', () => {
  it('is 1 when every expected field is present', () => {
    expect(scoreCompleteness(sourceEvent(EventTypes.InventoryLevelReportedV1), 0.5)).toEqual({ score: 1, issues: [] });
  });

  it('weighs a missing optional field at the optional weight: 6 of 6.5', () => {
    const event = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, { currency: undefined });
    const result = scoreCompleteness(event, 0.5);
    // required: orderId, customerId, location, requestedShipDate, priority, lines (6 x 1); currency 0.5
    expect(result.score).toBeCloseTo(6 / 6.5, 10);
    expect(result.issues).toEqual(['missing-field: currency (optional)']);
  });

  it('counts placeholder text as empty: a dispatched shipment with carrier "N/A" and no eta is 3 of 4.5', () => {
    const event = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { carrier: ' N/A ', eta: undefined });
    const result = scoreCompleteness(event, 0.5);
    expect(result.score).toBeCloseTo(3 / 4.5, 10);
    expect(result.issues).toEqual(['empty-field: carrier', 'missing-field: eta (optional)']);
  });

  it('does not expect an eta of a delivered shipment', () => {
    const event = sourceEvent(EventTypes.OrdersShipmentStatusReportedV1, { status: 'delivered', eta: undefined });
    expect(scoreCompleteness(event, 0.5)).toEqual({ score: 1, issues: [] });
  });

  it('counts order lines as empty when a line sku is a placeholder: 5.5 of 6.5', () => {
    const base = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1);
    const event = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, {
      lines: [base.data.lines[0], { ...base.data.lines[1], sku: 'unknown' }],
    });
    const result = scoreCompleteness(event, 0.5);
    expect(result.score).toBeCloseTo(5.5 / 6.5, 10);
    expect(result.issues).toEqual(['empty-field: lines']);
  });

  it('ignores optional fields whose weight is 0', () => {
    const event = sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1, { currency: undefined });
    expect(scoreCompleteness(event, 0).score).toBe(1);
  });
});
