import { EventTypes, Topics } from '@governor/contracts';
import { scoreTrust, SourceRegistry, type RegisteredSource } from './source-registry';

const wms: RegisteredSource = {
  source: 'urn:wms:dc-east',
  owner: 'team:inventory',
  eventTypes: [EventTypes.InventoryLevelReportedV1],
  description: '',
  registeredBy: 'olivia',
  registeredAt: new Date('2026-01-01T00:00:00Z'),
};

describe('SourceRegistry', () => {
  const registry = new SourceRegistry([wms]);

  it('trusts a registered source for its registered types only', () => {
    expect(registry.trusts('urn:wms:dc-east', EventTypes.InventoryLevelReportedV1)).toBe(true);
    expect(registry.trusts('urn:wms:dc-east', EventTypes.InventoryDemandRecordedV1)).toBe(false);
    expect(registry.trusts('urn:wms:rogue', EventTypes.InventoryLevelReportedV1)).toBe(false);
  });

  it('leaves a topic nobody registered for open to every source', () => {
    expect(registry.trusts('urn:anything', EventTypes.CreditCustomerExposureUpdatedV1)).toBe(true);
    expect(SourceRegistry.EMPTY.trusts('urn:anything', EventTypes.InventoryLevelReportedV1)).toBe(true);
    expect(registry.trustsFeed('urn:anything', Topics.SourceCreditV1)).toBe(true);
    expect(registry.trustsFeed('urn:wms:rogue', Topics.SourceInventoryV1)).toBe(false);
  });

  it('declares each registered source on each topic its types are on', () => {
    expect(registry.feeds()).toEqual([{ feedSource: 'urn:wms:dc-east', topic: Topics.SourceInventoryV1 }]);
  });

  it('scores an untrusted source with the untrusted-source issue and the configured score', () => {
    expect(scoreTrust({ source: 'urn:wms:rogue', type: EventTypes.InventoryLevelReportedV1 }, registry, 0.5)).toEqual({
      score: 0.5,
      issues: ['untrusted-source: urn:wms:rogue is not a registered source of source.inventory.v1'],
    });
    expect(scoreTrust({ source: 'urn:wms:dc-east', type: EventTypes.InventoryDemandRecordedV1 }, registry, 0.2).issues).toEqual([
      'untrusted-source: urn:wms:dc-east is registered (owner team:inventory) but not for inventory.demand-recorded.v1',
    ]);
    expect(scoreTrust({ source: 'urn:wms:dc-east', type: EventTypes.InventoryLevelReportedV1 }, registry, 0.5)).toEqual({ score: 1, issues: [] });
  });
});
