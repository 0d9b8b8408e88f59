import { EventTypes } from '@governor/contracts';
import { sourceEvent } from '../../test/source-events';
import { businessKeyOf, scoreUniqueness } from './uniqueness';

const delivery = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1);

describe('uniqueness', () => {
  it('is 1 for the first event with its business key', () => {
    expect(scoreUniqueness(delivery, undefined, 0)).toEqual({ score: 1, issues: [] });
  });

  it('is 1 when the first holder is this very event (a replay)', () => {
    expect(scoreUniqueness(delivery, { source: delivery.source, id: delivery.id }, 0).score).toBe(1);
  });

  it('scores the same delivery recorded twice under another id at the duplicate score', () => {
    const holder = { source: delivery.source, id: 'earlier-id' };
    expect(scoreUniqueness(delivery, holder, 0)).toEqual({
      score: 0,
      issues: ['duplicate-business-key: PO-7001|SKU-1001|2025-03-03 already recorded by urn:erp:plant-1000 earlier-id'],
    });
    expect(scoreUniqueness(delivery, holder, 0.2).score).toBe(0.2);
  });

  it('keys each type by the fact it states', () => {
    expect(businessKeyOf(delivery)).toBe('PO-7001|SKU-1001|2025-03-03');
    expect(businessKeyOf(sourceEvent(EventTypes.InventoryLevelReportedV1))).toBe('SKU-1001@DC-EAST|2025-03-03T08:00:00Z');
    expect(businessKeyOf(sourceEvent(EventTypes.InventoryDemandRecordedV1))).toBe('SKU-1001@DC-EAST|2025-03-02');
    expect(businessKeyOf(sourceEvent(EventTypes.OrdersSalesOrderPlacedV1))).toBe('SO-50001');
    expect(businessKeyOf(sourceEvent(EventTypes.OrdersShipmentStatusReportedV1))).toBe(
      'SO-50001|SHP-9001|dispatched|2025-03-06T17:00:00+01:00',
    );
    expect(businessKeyOf(sourceEvent(EventTypes.CreditCustomerExposureUpdatedV1))).toBe('CUST-042|2025-03-03T08:00:00Z');
  });
});
