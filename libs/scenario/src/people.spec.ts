import { ActionTypes } from '@governor/contracts';
import { approvalClock, asRejection, dayActs, erpTrouble, middayPolicyChange, PEOPLE, reviewKey, reviewOf, timeAgentTransfer, type TaskFacts } from './people';
import { buildScenario } from './scenario';

const task = (i: number, over: Partial<TaskFacts> = {}): TaskFacts => ({
  actionId: `act-${i}`,
  actionType: ActionTypes.CreatePurchaseOrder,
  domain: 'procurement',
  amount: 12_000,
  dataQuality: 1,
  agentId: null,
  requiredApprovers: 1,
  ...over,
});

describe('asRejection', () => {
  it("turns a review into its first reviewer's rejection with the usual reason, at the same time", () => {
    const approved = reviewOf(task(3), 7, 60);
    const rejected = asRejection({ ...approved, verdict: 'approve', reviewers: [...PEOPLE.planners] }, task(3));
    expect(rejected).toEqual({ verdict: 'reject', reviewers: [PEOPLE.planners[0]], afterSeconds: approved.afterSeconds, comment: 'a promotion ends this week: demand will fall, no order' });
    expect(asRejection({ ...approved, reviewers: [] }, task(4, { domain: 'credit' })).reviewers).toEqual([PEOPLE.creditController]);
  });
});

describe('reviewOf', () => {
  const reviews = Array.from({ length: 1_000 }, (_, i) => reviewOf(task(i), 7, 60));
  const share = (verdict: string) => reviews.filter((r) => r.verdict === verdict).length / reviews.length;

  it('approves most tasks, rejects some and leaves a few on clean data', () => {
    expect(share('approve')).toBeGreaterThan(0.7);
    expect(share('reject')).toBeGreaterThan(0.05);
    expect(share('reject')).toBeLessThan(0.15);
    expect(share('leave')).toBeGreaterThan(0.02);
    expect(share('leave')).toBeLessThan(0.1);
  });

  it('rejects much more of what rests on doubtful data', () => {
    const doubtful = Array.from({ length: 400 }, (_, i) => reviewOf(task(i, { dataQuality: 0.85 }), 7, 60));
    const rejected = doubtful.filter((r) => r.verdict === 'reject');
    expect(rejected.length / doubtful.length).toBeGreaterThan(0.3);
    expect(rejected[0].comment).toContain('scored 0.85');
  });

  it('takes human minutes compressed into the play: 20 minutes is 2 s of a 60 s day', () => {
    const seconds = reviews.map((r) => r.afterSeconds).sort((a, b) => a - b);
    expect(seconds[500]).toBeGreaterThan(1.5);
    expect(seconds[500]).toBeLessThan(2.5);
    expect(seconds[seconds.length - 1]).toBeLessThanOrEqual(15);
  });

  it('is the same review for the same seed and action, another for another seed', () => {
    expect(reviewOf(task(3), 7, 60)).toEqual(reviewOf(task(3), 7, 60));
    const other = Array.from({ length: 50 }, (_, i) => reviewOf(task(i), 8, 60).afterSeconds);
    expect(other).not.toEqual(reviews.slice(0, 50).map((r) => r.afterSeconds));
  });

  it('sends credit to the credit controller and a two-approver task to both planners', () => {
    const credit = Array.from({ length: 50 }, (_, i) => reviewOf(task(i, { domain: 'credit', actionType: ActionTypes.ReleaseOrderHold }), 7, 60));
    expect(new Set(credit.flatMap((r) => r.reviewers.map((p) => p.userId)))).toEqual(new Set([PEOPLE.creditController.userId]));
    const two = Array.from({ length: 50 }, (_, i) => reviewOf(task(i, { requiredApprovers: 2 }), 7, 60)).find((r) => r.verdict === 'approve');
    expect(new Set(two?.reviewers.map((p) => p.userId))).toEqual(new Set(PEOPLE.planners.map((p) => p.userId)));
  });
});

describe('dayActs', () => {
  const scenario = buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId: 'r' });
  const acts = dayActs(scenario.phases, 60);
  const at = (kind: string) => acts.find((a) => a.kind === kind)!.at;
  const phase = (name: string) => scenario.phases.find((p) => p.phase === name)!;

  it('holds inventory in fallback while the WMS reports implausible levels and clears it once the feeds recovered', () => {
    expect(at('override')).toBeGreaterThan(phase('wms-implausible').from);
    expect(at('override')).toBeLessThan(phase('wms-implausible').to);
    expect(at('clear-override')).toBeGreaterThan(phase('recovery').from);
    expect(at('clear-override')).toBeLessThan(60);
  });

  it('has the ERP fail for a stretch and refuse stock postings for another, then the operator compensate, then the midday change and its activation by another person', () => {
    expect(at('erp-outage-end') - at('erp-outage-start')).toBeGreaterThanOrEqual(8);
    expect(at('erp-postings-back') - at('erp-outage-end')).toBeGreaterThanOrEqual(8);
    expect(at('compensate')).toBeGreaterThan(at('erp-postings-back'));
    expect(at('policy-change')).toBe(30);
    expect(at('policy-activation')).toBeGreaterThan(at('policy-change'));
    const change = acts.find((a) => a.kind === 'policy-change')!;
    const activation = acts.find((a) => a.kind === 'policy-activation')!;
    expect(activation.by?.userId).not.toBe(change.by?.userId);
    expect(acts.map((a) => a.at)).toEqual([...acts.map((a) => a.at)].sort((a, b) => a - b));
  });
});

describe('timeAgentTransfer', () => {
  it("proposes the replenisher's transfer so that its planner's review ends as the ERP comes back", () => {
    const runId = 'demo-0a1b2c';
    const scenario = buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId });
    const transfer = () => scenario.events.find((e) => (e.event.data as { actionType?: string }).actionType === ActionTypes.TransferStock);
    const actionId = (transfer()?.event.data as { actionId: string }).actionId;
    const at = timeAgentTransfer(scenario, { seed: 7, durationSeconds: 60, runId }) ?? NaN;
    const review = reviewOf({ ...task(0), actionId: reviewKey(actionId, runId), actionType: ActionTypes.TransferStock, domain: 'inventory' }, 7, 60);
    expect(transfer()?.at).toBe(at);
    expect(at + review.afterSeconds).toBeGreaterThan(erpTrouble(60).up - 1);
    expect(at + review.afterSeconds).toBeLessThan(erpTrouble(60).up);
    expect(scenario.events.map((e) => e.at)).toEqual([...scenario.events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('seeds the review of a scenario proposal by its action without the run id', () => {
    expect(reviewKey('act-demo-0a1b2c-fb', 'demo-0a1b2c')).toBe('act-fb');
    expect(reviewKey('0dd173d4-9761-5412-a1a6-ca7a8f141d62', 'demo-0a1b2c')).toBe('0dd173d4-9761-5412-a1a6-ca7a8f141d62');
  });
});

describe('approvalClock and middayPolicyChange', () => {
  it('escalates after two and expires after four working hours of the play', () => {
    expect(approvalClock(60)).toEqual({ escalateAfterSeconds: 12, expireAfterSeconds: 24 });
  });

  it('adds one permit for the replenisher agent to the active bundle, keeping all of it', () => {
    const change = middayPolicyChange('@id("a")\npermit (principal, action, resource);\n');
    expect(change.policies.startsWith('@id("a")\npermit (principal, action, resource);\n')).toBe(true);
    expect(change.policies).toContain('@id("agents.replenisher-small-orders-automatic")');
    expect(change.policies).toContain('principal == Agent::"replenisher"');
  });
});
