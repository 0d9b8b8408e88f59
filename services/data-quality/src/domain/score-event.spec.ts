import { EventTypes } from '@governor/contracts';
import { at, sourceEvent, T0 } from '../../test/source-events';
import type { DimensionScore } from './dimension';
import { MasterDataView } from './master-data';
import { combine, scoreEvent } from './score-event';
import { SourceRegistry } from './source-registry';
import { DEFAULT_SCORING_CONFIG, type Dimension } from './scoring-config';

// Weights: completeness 0.15, validity 0.3, timeliness 0.15, consistency 0.25, uniqueness 0.15;
// the overall score is at most 0.5 above the worst dimension.
const config = DEFAULT_SCORING_CONFIG;
const dims = (scores: Partial<Record<Dimension, number>>): Record<Dimension, DimensionScore> => {
  const one = (d: Dimension): DimensionScore => ({ score: scores[d] ?? 1, issues: [] });
  return { completeness: one('completeness'), validity: one('validity'), timeliness: one('timeliness'), consistency: one('consistency'), uniqueness: one('uniqueness') };
};

describe('combine', () => {
  it('is 1 when every dimension is 1', () => {
    expect(combine(dims({}), config)).toBe(1);
  });

  it('is the weighted mean: validity 0.5 and consistency 0.5 give 0.15 + 0.15 + 0.15 + 0.125 + 0.15 = 0.725', () => {
    expect(combine(dims({ validity: 0.5, consistency: 0.5 }), config)).toBeCloseTo(0.725, 10);
  });

  it('caps at 0.5 above the worst dimension: a duplicate (uniqueness 0) gives min(0.85, 0.5)', () => {
    expect(combine(dims({ uniqueness: 0 }), config)).toBe(0.5);
  });

  it('normalises weights that do not sum to 1', () => {
    const doubled = { ...config, weights: { completeness: 0.3, validity: 0.6, timeliness: 0.3, consistency: 0.5, uniqueness: 0.3 } };
    expect(combine(dims({ validity: 0.5, consistency: 0.5 }), doubled)).toBeCloseTo(0.725, 10);
  });
});

describe('scoreEvent', () => {
  it('scores a clean, fresh inventory level 1 with no issues', () => {
    const event = sourceEvent(EventTypes.InventoryLevelReportedV1, { asOf: T0 });
    const result = scoreEvent({ event, arrival: at(60), last: undefined, firstHolder: undefined }, config);
    expect(result.score).toBe(1);
    expect(result.issues).toEqual([]);
    expect(Object.values(result.dimensions).map((d) => d.score)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('scores an implausible level (allocated > onHand + inTransit, onHand up 75x) 0.725 with both issues named', () => {
    const event = sourceEvent(EventTypes.InventoryLevelReportedV1, { onHand: 12_000, inTransit: 0, allocated: 20_000, asOf: T0 });
    const last = {
      factTime: '2025-03-03T07:00:00Z',
      state: { kind: 'inventory-level' as const, onHand: 120, allocated: 30, inTransit: 40, unitCost: 12.5 },
    };
    const result = scoreEvent({ event, arrival: at(60), last, firstHolder: undefined }, config);
    expect(result.dimensions.validity.score).toBe(0.5);
    expect(result.dimensions.consistency.score).toBe(0.5);
    expect(result.score).toBe(0.725);
    expect(result.issues.map((i) => i.split(':')[0])).toEqual(['allocated-exceeds-available', 'on-hand-jump']);
  });

  it('scores the same delivery recorded twice at 0.5 (capped by uniqueness 0)', () => {
    const event = sourceEvent(EventTypes.ProcurementSupplierDeliveryRecordedV1);
    const result = scoreEvent({ event, arrival: at(60), last: undefined, firstHolder: { source: event.source, id: 'other' } }, config);
    expect(result.dimensions.uniqueness.score).toBe(0);
    expect(result.score).toBe(0.5);
  });

  it('rounds scores to four decimals', () => {
    const event = sourceEvent(EventTypes.OrdersSalesOrderPlacedV1, { currency: undefined });
    const result = scoreEvent({ event, arrival: at(60), last: undefined, firstHolder: undefined }, config);
    // completeness 6/6.5 = 0.923077; overall 0.85 + 0.15 * 0.923077 = 0.988462
    expect(result.dimensions.completeness.score).toBe(0.9231);
    expect(result.score).toBe(0.9885);
  });

  it('scales the content score by trust and master data: an implausible level from an unregistered source about an unknown SKU is 0.85 x 0.5 x 0.5', () => {
    const event = sourceEvent(
      EventTypes.InventoryLevelReportedV1,
      { sku: 'SKU-NEW', onHand: 10, inTransit: 0, allocated: 20, asOf: T0 },
      { source: 'urn:wms:rogue', subject: 'SKU-NEW@DC-EAST' },
    );
    const sources = new SourceRegistry([
      { source: 'urn:wms:dc-east', owner: 'team:inventory', eventTypes: [EventTypes.InventoryLevelReportedV1], description: '', registeredBy: 'olivia', registeredAt: new Date(0) },
    ]);
    const masterData = new MasterDataView([{ entityType: 'sku', entityId: 'SKU-1001', active: true, owner: 'team:procurement', unitCost: 12.5 }], new Set(['sku']));
    const result = scoreEvent({ event, arrival: at(60), last: undefined, firstHolder: undefined, sources, masterData }, config);
    expect(result.dimensions.trust.score).toBe(0.5);
    expect(result.dimensions.masterData.score).toBe(0.5);
    expect(result.issues.map((i) => i.split(':')[0])).toEqual(['allocated-exceeds-available', 'untrusted-source', 'unknown-sku']);
    // validity 0.5 alone: 1 - 0.3 x 0.5 = 0.85 content, times 0.5 x 0.5.
    expect(result.score).toBe(0.2125);
  });
});
