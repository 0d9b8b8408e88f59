import { SubjectStates } from './subject-states';

const level = (onHand: number, factTime: string) => ({ factTime, state: { kind: 'inventory-level' as const, onHand, allocated: 0, inTransit: 0, unitCost: 1 } });
const key = { subject: 'SKU-1@DC-1', eventType: 'inventory.level-reported.v1' };

describe('SubjectStates (a group working set)', () => {
  it('answers what was read, and nothing for a key never seen', () => {
    const states = new SubjectStates([{ ...key, seen: level(10, 't1') }]);
    expect(states.last(key)).toEqual(level(10, 't1'));
    expect(states.last({ ...key, eventType: 'inventory.demand-recorded.v1' })).toBeUndefined();
    expect(states.changes()).toEqual([]);
  });

  it('lets a later record see what an earlier one remembered, and writes each changed key once, as last left', () => {
    const states = new SubjectStates([{ ...key, seen: level(10, 't1') }]);
    states.remember({ ...key, seen: level(20, 't2'), from: { source: 's', id: 'a' } });
    expect(states.last(key)).toEqual(level(20, 't2'));
    states.remember({ ...key, seen: level(30, 't3'), from: { source: 's', id: 'b' } });
    const other = { subject: 'SKU-2@DC-1', eventType: key.eventType };
    states.remember({ ...other, seen: level(5, 't3'), from: { source: 's', id: 'c' } });
    expect(states.changes()).toEqual([
      { ...key, seen: level(30, 't3'), from: { source: 's', id: 'b' } },
      { ...other, seen: level(5, 't3'), from: { source: 's', id: 'c' } },
    ]);
  });
});
