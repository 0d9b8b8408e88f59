// Exception resolution, user adoption, policy violations, automation mix and fallback reliability,
// on cases computed by hand.
import { automationMix, exceptionResolution, fallbackReliability, policyViolations, userAdoption } from './governance-outcomes';

const T = Date.parse('2026-12-04T08:00:00Z');

describe('governance outcomes', () => {
  it('exception resolution: failures resolved by a later outcome, executions resolved by a retry, with the mean time', () => {
    const failures = [
      { failedAt: T, resolvedAt: T + 100_000 }, // compensated 100 s later
      { failedAt: T, resolvedAt: null },
    ];
    const retries = [
      { approvedAt: T, executedAt: T + 20_000 }, // 20 s
      { approvedAt: null, executedAt: T + 5_000 }, // resolved, approval unknown: no time
    ];
    expect(exceptionResolution(failures, retries)).toEqual({ resolved: 3, open: 1, retried: 2, meanSeconds: 60 });
    expect(exceptionResolution([{ failedAt: T, resolvedAt: null }], [])).toEqual({ resolved: 0, open: 1, retried: 0, meanSeconds: null });
  });

  it('user adoption: tasks people approved or rejected, of the tasks that ended', () => {
    expect(userAdoption([{ outcome: 'approved' }, { outcome: 'approved' }, { outcome: 'rejected' }, { outcome: 'expired' }])).toEqual({
      actedOn: 3,
      expired: 1,
      rate: 0.75,
    });
    expect(userAdoption([])).toEqual({ actedOn: 0, expired: 0, rate: null });
  });

  it('policy violations: the rejections, and by each policy that rejected them', () => {
    const reasons = [
      { policyId: 'guardrail.agent-out-of-scope', count: 2 },
      { policyId: 'guardrail.agent-signature-required', count: 1 },
      { policyId: 'guardrail.agent-out-of-scope', count: 1 },
    ];
    expect(policyViolations(3, reasons)).toEqual({ total: 3, byPolicy: { 'guardrail.agent-out-of-scope': 3, 'guardrail.agent-signature-required': 1 } });
  });

  it('automation mix outside and in fallback, and fallback reliability from the decisions in fallback', () => {
    const mix = automationMix([
      { outcome: 'auto-approved', inFallback: false, count: 6 },
      { outcome: 'approval-required', inFallback: false, count: 2 },
      { outcome: 'rejected', inFallback: false, count: 1 },
      { outcome: 'advisory', inFallback: false, count: 5 },
      { outcome: 'approval-required', inFallback: true, count: 4 },
      { outcome: 'rejected', inFallback: true, count: 1 },
      { outcome: 'auto-approved', inFallback: true, count: 1 },
    ]);
    expect(mix).toEqual({
      outsideFallback: { autoApproved: 6, approvalRequired: 2, rejected: 1, automatedShare: 0.75 }, // 6 / 8
      inFallback: { autoApproved: 1, approvalRequired: 4, rejected: 1, automatedShare: 0.2 }, // 1 / 5
    });
    expect(fallbackReliability(mix.inFallback, 0)).toEqual({ held: 5, heldAtExecution: 0, slipped: 1 });
    // Two automatic approvals execution held for review once the domain had fallen back: 5 + 2.
    expect(fallbackReliability(mix.inFallback, 2)).toEqual({ held: 7, heldAtExecution: 2, slipped: 1 });
    expect(automationMix([]).inFallback).toEqual({ autoApproved: 0, approvalRequired: 0, rejected: 0, automatedShare: null });
  });
});
