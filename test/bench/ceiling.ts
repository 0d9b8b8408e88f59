// The most the pipeline could carry on this machine if it did nothing but what the run's two
// baselines measure: move each stock report through Kafka as cheaply as B0 moves its records, and
// ask Cedar the questions of its decision as a bare statefulIsAuthorized call does (R_pol's
// baseline). Postgres, validation, the services' own code and telemetry count as free, so the
// real pipeline can only be slower; a target above this ceiling is out of reach on this machine
// whatever the services do, short of asking Cedar less or running on more cores.
//
// - Kafka: B0 at its max keeps the machine's cores busy, so a record through its hops costs
//   cores / B0 max seconds of CPU; P's records take at least as many hops.
// - Cedar: policy-enforcement asks one question for an automatic decision and a second when that is
//   not permitted (decide(), policy-enforcement's decision procedure); a decision rejected for its
//   parameters asks none. Every call runs on its one thread, so that thread alone allows
//   1 / (Cedar's seconds per report) reports a second, whatever the other core does.
import { DecisionOutcomes } from '@governor/contracts';
import { round } from './stats';

export interface PipelineCeiling {
  /** The lower of the two bounds below, stock reports per second. */
  perS: number;
  /** The machine's cores shared by B0's transport and the Cedar calls. */
  machinePerS: number;
  /** policy-enforcement's one thread doing nothing but the Cedar calls. */
  policyThreadPerS: number;
  b0MaxPerS: number;
  cedarMicrosPerCall: number;
  cedarCallsPerReport: number;
}

/** Questions Cedar was asked per decision, from the decisions' outcomes ("outcome" and "outcome: reason" counts). */
export function cedarCallsPerDecision(outcomes: Readonly<Record<string, number>>): number | undefined {
  const count = (key: string) => outcomes[key] ?? 0;
  const oneCall = count(DecisionOutcomes.AutoApproved) + count(DecisionOutcomes.Advisory);
  const decisions = oneCall + count(DecisionOutcomes.ApprovalRequired) + count(DecisionOutcomes.Rejected);
  if (decisions === 0) return undefined;
  const noCall = count(`${DecisionOutcomes.Rejected}: invalid-parameters`);
  return (oneCall + 2 * (decisions - oneCall - noCall)) / decisions;
}

export function pipelineCeiling(input: {
  cores: number;
  b0MaxPerS: number;
  cedarMicrosPerCall: number;
  cedarCallsPerReport: number;
}): PipelineCeiling | undefined {
  const { cores, b0MaxPerS, cedarMicrosPerCall, cedarCallsPerReport } = input;
  if (!(cores > 0 && b0MaxPerS > 0 && cedarMicrosPerCall > 0 && cedarCallsPerReport > 0)) return undefined;
  const cedarSeconds = (cedarMicrosPerCall * cedarCallsPerReport) / 1e6;
  const machinePerS = cores / (cores / b0MaxPerS + cedarSeconds);
  const policyThreadPerS = 1 / cedarSeconds;
  return {
    perS: Math.floor(Math.min(machinePerS, policyThreadPerS)),
    machinePerS: Math.floor(machinePerS),
    policyThreadPerS: Math.floor(policyThreadPerS),
    b0MaxPerS,
    cedarMicrosPerCall,
    cedarCallsPerReport: round(cedarCallsPerReport, 2) ?? cedarCallsPerReport,
  };
}
