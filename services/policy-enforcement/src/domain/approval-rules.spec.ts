// Who may approve or reject an approval task, and when it completes.
import { judgeApproval, judgeRejection, requiredRoleOf, taskTimes, type TaskState } from './approval-rules';

const NOW = new Date('2025-03-03T08:00:00Z');

const task = (over: Partial<TaskState> = {}): TaskState => ({
  status: 'pending',
  requiredRole: 'planner',
  requiredApprovers: 2,
  expiresAt: new Date('2025-03-04T08:00:00Z'),
  proposedBy: 'replenisher',
  agentOwners: ['olga'],
  approvers: [],
  ...over,
});

const planner = (id: string) => ({ id, roles: ['approver', 'planner'] });

describe('approval rules', () => {
  it('needs a credit controller for credit actions and a planner for every other domain', () => {
    expect(requiredRoleOf('credit', 'credit.place-order-hold')).toBe('credit-controller');
    expect(requiredRoleOf('procurement', 'procurement.create-purchase-order')).toBe('planner');
    expect(requiredRoleOf('inventory', 'inventory.transfer-stock')).toBe('planner');
    expect(requiredRoleOf('planning', 'planning.notify-planner')).toBe('planner');
  });

  it('needs governance, the role that promotes by hand, to promote a model version', () => {
    expect(requiredRoleOf('planning', 'planning.promote-model-version')).toBe('governance');
  });

  it('computes escalation and expiry from the request time', () => {
    expect(taskTimes(NOW, 60, 3600)).toEqual({
      escalatesAt: new Date('2025-03-03T08:01:00Z'),
      expiresAt: new Date('2025-03-03T09:00:00Z'),
    });
  });

  it('completes a two-approver task only with the second different approver', () => {
    expect(judgeApproval(task(), planner('ann'), NOW)).toEqual({ ok: true, completes: false });
    expect(judgeApproval(task({ approvers: ['ann'] }), planner('bob'), NOW)).toEqual({
      ok: true,
      completes: true,
    });
    expect(judgeApproval(task({ requiredApprovers: 1 }), planner('ann'), NOW)).toEqual({
      ok: true,
      completes: true,
    });
  });

  it.each([
    ['the proposer', task(), 'replenisher'],
    ['the owner of the proposing agent', task(), 'olga'],
    ['a second approval by the same user', task({ approvers: ['ann'] }), 'ann'],
  ])('refuses %s with separation-of-duties', (_name, state, userId) => {
    expect(judgeApproval(state, planner(userId), NOW)).toMatchObject({
      ok: false,
      status: 403,
      code: 'separation-of-duties',
    });
  });

  it("refuses a user without the task's role, and closed or expired tasks", () => {
    expect(judgeApproval(task({ requiredRole: 'credit-controller' }), planner('ann'), NOW)).toMatchObject({
      ok: false,
      status: 403,
      code: 'forbidden',
    });
    expect(judgeApproval(task({ status: 'rejected' }), planner('ann'), NOW)).toMatchObject({
      status: 409,
      code: 'task-not-pending',
    });
    expect(judgeRejection(task({ expiresAt: NOW }), NOW)).toMatchObject({
      status: 409,
      code: 'task-expired',
    });
    expect(judgeRejection(task(), NOW)).toEqual({ ok: true, completes: true });
  });
});
