import { EventTypes } from '@governor/contracts';
import { sourceEvent } from '../../test/source-events';
import { entityRefsOf, MasterDataView, scoreMasterData, type MasterEntity } from './master-data';

const settings = { masterDataIssuePenalty: 0.5, maxMasterCostDeviation: 0.5 };
const sku = (entityId: string, unitCost: number, active = true): MasterEntity => ({ entityType: 'sku', entityId, active, owner: 'team:procurement', unitCost });
const location = (entityId: string, active = true): MasterEntity => ({ entityType: 'location', entityId, active, owner: 'team:inventory', unitCost: null });

describe('scoreMasterData', () => {
  const level = (data: { sku?: string; location?: string; unitCost?: number }) => sourceEvent(EventTypes.InventoryLevelReportedV1, data);

  it('checks nothing while no master data of any type exists', () => {
    expect(scoreMasterData(level({ sku: 'SKU-NEW' }), MasterDataView.EMPTY, settings)).toEqual({ score: 1, issues: [] });
  });

  it('names an unknown SKU once SKUs are kept, but not an unknown location while no location is', () => {
    const view = new MasterDataView([sku('SKU-1001', 12.5)], new Set(['sku']));
    expect(scoreMasterData(level({ sku: 'SKU-9', location: 'NOWHERE' }), view, settings)).toEqual({
      score: 0.5,
      issues: ['unknown-sku: sku SKU-9 is not in master data'],
    });
  });

  it('names an inactive location', () => {
    const view = new MasterDataView([sku('SKU-1001', 12.5), location('DC-EAST', false)], new Set(['sku', 'location']));
    expect(scoreMasterData(level({ sku: 'SKU-1001', location: 'DC-EAST', unitCost: 12.5 }), view, settings).issues).toEqual([
      'inactive-location: location DC-EAST is inactive (owner team:inventory)',
    ]);
  });

  it('names a unit cost more than the allowed share from the master cost, either way', () => {
    const view = new MasterDataView([sku('SKU-1001', 10)], new Set(['sku']));
    expect(scoreMasterData(level({ sku: 'SKU-1001', unitCost: 14.9 }), view, settings).issues).toEqual([]);
    expect(scoreMasterData(level({ sku: 'SKU-1001', unitCost: 30 }), view, settings).issues).toEqual([
      'unit-cost-off-master: unit cost 30 is 200% from the master cost 10 of SKU-1001',
    ]);
    expect(scoreMasterData(level({ sku: 'SKU-1001', unitCost: 4 }), view, settings).score).toBe(0.5);
  });

  it('takes every SKU of an order and its customer and location', () => {
    const order = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, {
      customerId: 'C1',
      location: 'L1',
      lines: [
        { sku: 'A', quantity: 1, unitPrice: 1 },
        { sku: 'B', quantity: 1, unitPrice: 1 },
        { sku: 'A', quantity: 2, unitPrice: 1 },
      ],
    });
    expect(entityRefsOf(order)).toEqual([
      { entityType: 'customer', entityId: 'C1' },
      { entityType: 'location', entityId: 'L1' },
      { entityType: 'sku', entityId: 'A' },
      { entityType: 'sku', entityId: 'B' },
    ]);
  });
});
