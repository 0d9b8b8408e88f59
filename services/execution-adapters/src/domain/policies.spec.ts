import { ActionTypes, ApprovalModes, Domains, DomainModes, EventTypes, parse, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { admit, modeGate } from './admission';
import { DEFAULT_ROUTES, parseRoutes } from './adapter-routes';
import { outcomeEvent, reviewRequestedEvent } from './outcome-events';
import { PlannerNotice, PlannerNotificationAdapter } from './planner-notification.adapter';
import { afterFailure, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, circuitResetMs: 1_000 };

  it('doubles the step up to the maximum and draws from its upper half', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 1))).toEqual([100, 200, 300, 300]);
  });

  it('retries transient failures until the attempts are used up, final failures never', () => {
    expect(afterFailure(policy, 1, { retriable: true }, () => 0.5)).toEqual({ kind: 'retry', delayMs: 75 });
    expect(afterFailure(policy, 3, { retriable: true }, () => 0.5)).toEqual({ kind: 'retry', delayMs: 225 });
    expect(afterFailure(policy, 4, { retriable: true })).toEqual({ kind: 'fail' });
    expect(afterFailure(policy, 1, { retriable: false })).toEqual({ kind: 'fail' });
  });

  it("waits out an open circuit's reset time after a refusal, however many attempts were made", () => {
    expect(afterFailure(policy, 1, { retriable: true, code: 'circuit-open' }, () => 0)).toEqual({ kind: 'refused', delayMs: 1_000 });
    expect(afterFailure(policy, 4, { retriable: true, code: 'circuit-open' }, () => 1)).toEqual({ kind: 'refused', delayMs: 1_500 });
    // A playbook that gives up (and undoes its first step) on a refusal makes it final: no wait then.
    expect(afterFailure(policy, 2, { retriable: false, code: 'circuit-open' })).toEqual({ kind: 'fail' });
  });
});

describe('admission and the mode gate', () => {
  it('executes a new action once; a repeat is a duplicate; a human approval resumes a held one', () => {
    expect(admit(undefined, ApprovalModes.Automatic)).toEqual({ kind: 'new' });
    expect(admit('executed', ApprovalModes.Automatic)).toEqual({ kind: 'duplicate', state: 'executed' });
    expect(admit('executing', ApprovalModes.Human)).toEqual({ kind: 'duplicate', state: 'executing' });
    expect(admit('review-requested', ApprovalModes.Automatic)).toEqual({ kind: 'duplicate', state: 'review-requested' });
    expect(admit('review-requested', ApprovalModes.Human)).toEqual({ kind: 'resume-after-review' });
  });

  it('holds automatic approvals outside automated mode, never human ones or advisories', () => {
    expect(modeGate(ApprovalModes.Automatic, Domains.Procurement, DomainModes.ManualFallback)).toEqual({
      kind: 'hold-for-review',
      mode: 'manual-fallback',
      reason: 'procurement is in manual-fallback: an automatic approval is not executed; a person must review it',
    });
    expect(modeGate(ApprovalModes.Automatic, Domains.Orders, DomainModes.Probation).kind).toBe('hold-for-review');
    expect(modeGate(ApprovalModes.Automatic, Domains.Orders, DomainModes.Automated).kind).toBe('execute');
    expect(modeGate(ApprovalModes.Human, Domains.Credit, DomainModes.ManualFallback).kind).toBe('execute');
    expect(modeGate(ApprovalModes.Automatic, Domains.Planning, DomainModes.ManualFallback).kind).toBe('execute');
  });
});

describe('adapter routes', () => {
  it('routes by action type with overrides from configuration', () => {
    expect(parseRoutes(undefined)).toEqual(DEFAULT_ROUTES);
    const routes = parseRoutes(' inventory.transfer-stock = erp ');
    expect(routes[ActionTypes.TransferStock]).toBe('erp');
    expect(routes[ActionTypes.NotifyPlanner]).toBe('planner-notifications');
    expect(routes[ActionTypes.PromoteModelVersion]).toBe('model-registry');
    expect(() => parseRoutes('inventory.move=erp')).toThrow('"inventory.move" is not an action type');
    expect(() => parseRoutes('inventory.transfer-stock=sap')).toThrow('"sap" is not an adapter (erp, wms, planner-notifications, model-registry)');
    expect(() => parseRoutes('inventory.transfer-stock')).toThrow('is not actionType=adapter');
  });
});

describe('outcome events', () => {
  it('are valid contract events with the outcome fields', () => {
    const executed = outcomeEvent(EventTypes.ActionExecutedV1, {
      actionId: 'act-1', actionType: ActionTypes.CreatePurchaseOrder, adapter: 'erp', externalReference: 'PO-000001', error: null, attempts: 3,
    }, new Date('2025-03-03T08:00:00Z'));
    const parsed = parse({ topic: Topics.ActionsOutcomesV1, value: Buffer.from(JSON.stringify(executed)) });
    expect(parsed.ok).toBe(true);
    expect(executed).toMatchObject({ source: 'urn:governor:execution-adapters', subject: 'act-1', time: '2025-03-03T08:00:00.000Z' });
    expect(executed.data).toEqual({ actionId: 'act-1', actionType: 'procurement.create-purchase-order', adapter: 'erp', externalReference: 'PO-000001', attempts: 3 });

    const failed = outcomeEvent(EventTypes.ActionFailedV1, { actionId: 'act-1', actionType: ActionTypes.CreatePurchaseOrder, adapter: 'erp', error: 'refused', attempts: 1 });
    expect(failed.data).toEqual({ actionId: 'act-1', actionType: 'procurement.create-purchase-order', adapter: 'erp', error: 'refused', attempts: 1 });
  });

  it('asks for review with the approved action as it was published', () => {
    const approved = exampleEvent(EventTypes.ActionApprovedV1).data;
    const review = reviewRequestedEvent(approved, DomainModes.ManualFallback, 'procurement is in manual-fallback');
    const parsed = parse({ topic: Topics.ReviewRequestsV1, value: Buffer.from(JSON.stringify(review)) });
    expect(parsed.ok).toBe(true);
    expect(review.data).toMatchObject({ actionId: 'act-0001', domain: 'procurement', domainMode: 'manual-fallback', approved });
  });
});

describe('planner notifications', () => {
  it('tell planners through the sink, change nothing, and have no inverse', async () => {
    const notices: PlannerNotice[] = [];
    const adapter = new PlannerNotificationAdapter('planner-notifications', (n) => notices.push(n));
    const approved = { ...exampleEvent(EventTypes.ActionApprovedV1).data, actionId: 'act-7', actionType: ActionTypes.NotifyPlanner, domain: Domains.Planning, parameters: { message: 'SKU-1 runs out Friday', severity: 'warning' } };
    await expect(adapter.execute(approved)).resolves.toEqual({ externalReference: 'notice-act-7', details: {} });
    expect(notices).toEqual([{ actionId: 'act-7', message: 'SKU-1 runs out Friday', severity: 'warning' }]);
    expect(adapter.inverseOf()).toBeNull();
    await expect(adapter.compensate()).rejects.toMatchObject({ code: 'not-compensable', retriable: false });
    await expect(adapter.execute({ ...approved, actionType: ActionTypes.CreatePurchaseOrder })).rejects.toMatchObject({ code: 'unsupported-action-type' });
  });
});
