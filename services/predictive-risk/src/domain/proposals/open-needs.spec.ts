import { activeNeed, afterProposal, NeedKeys, type OpenNeed } from './open-needs';

const t0 = new Date('2025-03-03T10:00:00Z');
const need: OpenNeed = {
  key: NeedKeys.replenish('SKU-1', 'DC-A'),
  actionType: 'x',
  actionId: 'a1',
  quantity: 180,
  proposedAt: t0,
};

describe('open needs', () => {
  it('stays open for the cooldown, then lapses', () => {
    expect(activeNeed(need, new Date(t0.getTime() + 3_599_000), 3_600)).toBe(need);
    expect(activeNeed(need, new Date(t0.getTime() + 3_600_000), 3_600)).toBeUndefined();
    expect(activeNeed(undefined, t0, 3_600)).toBeUndefined();
  });

  it('adds a further proposal to the open quantity and restarts the clock', () => {
    const later = new Date(t0.getTime() + 60_000);
    expect(afterProposal(need, need.key, 'x', 'a2', 190, later)).toEqual({
      ...need,
      actionId: 'a2',
      quantity: 370,
      proposedAt: later,
    });
    expect(afterProposal(undefined, need.key, 'x', 'a3', 50, later).quantity).toBe(50);
  });

  it('keys needs by what they are about', () => {
    expect(need.key).toBe('replenish|SKU-1@DC-A');
    expect(NeedKeys.lowQuality('inventory.level-reported.v1', 'SKU-1@DC-A')).toBe(
      'low-quality|inventory.level-reported.v1|SKU-1@DC-A',
    );
  });
});
