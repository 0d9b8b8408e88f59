import { cedarCallsPerDecision, pipelineCeiling } from './ceiling';

describe('cedarCallsPerDecision', () => {
  it('counts one question for automatic decisions, two for the others, none for bad parameters', () => {
    expect(
      cedarCallsPerDecision({ 'auto-approved': 3, 'auto-approved: some-policy': 3, 'approval-required': 1 }),
    ).toBeCloseTo(5 / 4);
    expect(
      cedarCallsPerDecision({ advisory: 2, rejected: 2, 'rejected: invalid-parameters': 1 }),
    ).toBeCloseTo((2 + 2) / 4);
  });

  it('has no figure without decisions', () => {
    expect(cedarCallsPerDecision({})).toBeUndefined();
  });
});

describe('pipelineCeiling', () => {
  it('bounds the rate by the cores shared with B0-cheap transport and by policy-enforcement doing only Cedar', () => {
    // 2 cores, B0 at 10,000/s: 200 µs of CPU per report moved; Cedar 400 µs x 1.5 = 600 µs.
    const ceiling = pipelineCeiling({
      cores: 2,
      b0MaxPerS: 10_000,
      cedarMicrosPerCall: 400,
      cedarCallsPerReport: 1.5,
    });
    expect(ceiling).toEqual({
      perS: 1666,
      machinePerS: 2500, // 2 / (200 µs + 600 µs)
      policyThreadPerS: 1666, // 1 / 600 µs
      b0MaxPerS: 10_000,
      cedarMicrosPerCall: 400,
      cedarCallsPerReport: 1.5,
    });
  });

  it('is the machine bound when Cedar is cheap and the cores are few', () => {
    const ceiling = pipelineCeiling({
      cores: 1,
      b0MaxPerS: 1_000,
      cedarMicrosPerCall: 100,
      cedarCallsPerReport: 1,
    });
    expect(ceiling?.perS).toBe(909); // 1 / (1 ms + 100 µs), below the thread's 10,000
    expect(ceiling?.policyThreadPerS).toBe(10_000);
  });

  it('has no figure when a baseline was not measured', () => {
    expect(
      pipelineCeiling({ cores: 2, b0MaxPerS: 0, cedarMicrosPerCall: 400, cedarCallsPerReport: 1 }),
    ).toBeUndefined();
    expect(
      pipelineCeiling({ cores: 2, b0MaxPerS: 10_000, cedarMicrosPerCall: 0, cedarCallsPerReport: 1 }),
    ).toBeUndefined();
  });
});
