import { validateActionParameters } from '@governor/contracts';
import { isBelowFloor, lowQualityNotice } from './quality-floor';

describe('the data-quality floor', () => {
  it('is strict: a score equal to the floor passes', () => {
    expect(isBelowFloor(0.59, 0.6)).toBe(true);
    expect(isBelowFloor(0.6, 0.6)).toBe(false);
  });

  it('tells a planner which input was ignored, with its score and issues, and proposes nothing else', () => {
    const evidence = {
      ref: { source: 'urn:wms:dc-a', id: 'lvl-9', type: 'inventory.level-reported.v1' },
      score: 0.41234,
      issues: ['onHand jumped 120x', 'asOf is 3 hours old'],
    };
    const notice = lowQualityNotice(evidence, 'SKU-1@DC-A', 0.6);
    expect(notice.actionType).toBe('planning.notify-planner');
    expect(notice.parameters.severity).toBe('warning');
    expect(notice.parameters.message).toContain(
      'inventory.level-reported.v1 lvl-9 from urn:wms:dc-a for SKU-1@DC-A scored 0.412',
    );
    expect(notice.parameters.message).toContain('onHand jumped 120x');
    expect(notice.model).toBeNull();
    expect(notice.need.key).toBe('low-quality|inventory.level-reported.v1|SKU-1@DC-A');
    expect(validateActionParameters(notice.actionType, notice.parameters).ok).toBe(true);
  });
});
