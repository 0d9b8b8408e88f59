import { EventTypes, parse, topicOfEventType, Topics } from '@governor/contracts';
import { masterDataEvents, masterDataViolations, masterUnitCost } from './master-data';
import { buildScenario } from './scenario';

describe('the scenario master data', () => {
  const start = new Date('2026-11-26T08:00:00Z');
  const scenario = buildScenario({ seed: 7, size: 'small', durationSeconds: 120, start, runId: 'r1' });
  const master = masterDataEvents(scenario.catalog, start, 'r1');
  const violations = masterDataViolations(scenario.catalog, start, 'r1');

  it('produces only events the contract accepts, on the topic of their type, with unique ids', () => {
    for (const { topic, event } of [...master, ...violations]) {
      const parsed = parse({ value: JSON.stringify(event), topic });
      if (!parsed.ok) throw new Error(`${event.type}: ${parsed.error.message}`);
      expect(topicOfEventType(event.type as never)).toBe(topic);
    }
    expect(new Set(master.map((m) => m.event.id)).size).toBe(master.length);
  });

  it('masters every SKU, location, supplier and customer the day names, each with an owner', () => {
    const ids = (type: string, field: string) =>
      new Set(master.filter((m) => m.event.type === type).map((m) => (m.event.data as Record<string, string>)[field]));
    const skus = ids(EventTypes.MasterDataSkuUpsertedV1, 'sku');
    const locations = ids(EventTypes.MasterDataLocationUpsertedV1, 'location');
    const suppliers = ids(EventTypes.MasterDataSupplierUpsertedV1, 'supplierId');
    const customers = ids(EventTypes.MasterDataCustomerUpsertedV1, 'customerId');
    // Every event but the three the day plays on purpose to break master data.
    for (const { event } of scenario.events.filter((e) => !e.event.id.includes('-mdx-'))) {
      const data = event.data as Record<string, unknown>;
      if (typeof data.sku === 'string') expect(skus).toContain(data.sku);
      if (typeof data.location === 'string') expect(locations).toContain(data.location);
      if (typeof data.supplierId === 'string') expect(suppliers).toContain(data.supplierId);
      if (typeof data.customerId === 'string' && event.type !== EventTypes.AgentActionProposedV1) expect(customers).toContain(data.customerId);
    }
    expect(master.every((m) => typeof (m.event.data as { owner?: unknown }).owner === 'string')).toBe(true);
  });

  it('reports stock at the master cost, so only the violations break it', () => {
    const cost = new Map(scenario.catalog.skus.map((s) => [s.sku, masterUnitCost(s)]));
    for (const { event } of scenario.events.filter((e) => e.event.type === EventTypes.InventoryLevelReportedV1 && !e.event.id.includes('-mdx-'))) {
      const data = event.data as { sku: string; unitCost: number };
      expect(data.unitCost).toBe(cost.get(data.sku));
    }
    const broken = violations.map((v) => v.event.data as { sku?: string; unitCost?: number; customerId?: string });
    expect(broken[0].sku).toBe('SKU-UNMASTERED');
    expect(broken[1].unitCost).toBe((cost.get(broken[1].sku ?? '') ?? 0) * 3);
    expect(broken[2].customerId).toBe('CUST-UNMASTERED');
  });

  it('plays the master data before anything else, and the violations once in the business hours', () => {
    const firstOther = scenario.events.findIndex((e) => e.topic !== Topics.SourceMasterDataV1);
    expect(scenario.events.slice(0, firstOther).map((e) => e.event.id)).toEqual(master.map((m) => m.event.id));
    const played = scenario.events.filter((e) => e.event.id.includes('-mdx-'));
    expect(played.map((e) => e.phase)).toEqual(['business', 'business', 'business']);
  });
});
