// The review queue's orders: what amount and risk a task sorts by, and which cursors a page takes.
import { ActionTypes } from '@governor/contracts';
import { isTaskSort, taskAmount, taskCursorOf, taskRisk, type SortedAction } from './review-order';

const action = (actionType: SortedAction['actionType'], parameters: Record<string, unknown>, score = 1): SortedAction => ({
  actionType,
  parameters,
  lineage: { dataQuality: { score } },
});

describe('review order', () => {
  it('knows its three orders and nothing else', () => {
    expect(['age', 'amount', 'risk'].every(isTaskSort)).toBe(true);
    expect([undefined, '', 'price', ['age']].some(isTaskSort)).toBe(false);
  });

  it('takes the amount an action moves, and none from actions that move no money', () => {
    expect(taskAmount(action(ActionTypes.CreatePurchaseOrder, { amount: 5000 }))).toBe(5000);
    expect(taskAmount(action(ActionTypes.NotifyPlanner, { message: 'hi' }))).toBeNull();
    expect(taskAmount(action(ActionTypes.TransferStock, { amount: '12' }))).toBeNull();
  });

  it('ranks every high-tier action above every medium one, and doubtful data above sound data within a tier', () => {
    const highSound = taskRisk(action(ActionTypes.CreatePurchaseOrder, { amount: 1 }, 1));
    const highDoubtful = taskRisk(action(ActionTypes.CreatePurchaseOrder, { amount: 1 }, 0.4));
    const mediumWorst = taskRisk(action(ActionTypes.ExpediteSupplier, {}, 0));
    const low = taskRisk(action(ActionTypes.NotifyPlanner, {}, 0.9));
    expect(highDoubtful).toBeCloseTo(4.6);
    expect(highSound).toBe(4);
    expect(mediumWorst).toBe(3);
    expect([low, mediumWorst, highSound, highDoubtful]).toEqual([low, mediumWorst, highSound, highDoubtful].sort((a, b) => a - b));
  });

  it('takes only cursors a page of the same order would have written', () => {
    const at = '2026-12-04T18:00:00.123456Z';
    const id = '0b7a3f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(taskCursorOf('age', { at, id })).toEqual({ at, id });
    expect(taskCursorOf('amount', { amount: '-5000', at, id })).toEqual({ key: '-5000', at, id });
    expect(taskCursorOf('risk', { risk: -4.5, at, id })).toEqual({ key: -4.5, at, id });
    expect(taskCursorOf('age', { at: 'yesterday', id })).toBeUndefined();
    expect(taskCursorOf('age', { at, id: "1' OR 1=1" })).toBeUndefined();
    expect(taskCursorOf('amount', { amount: 'lots', at, id })).toBeUndefined();
    expect(taskCursorOf('risk', { risk: '4', at, id })).toBeUndefined();
  });
});
