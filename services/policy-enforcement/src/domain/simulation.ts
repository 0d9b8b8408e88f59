// Replaying recorded decisions against another policy version: each decision's stored Cedar
// request is asked again, and the tally counts outcomes as recorded and as simulated and lists
// every action whose outcome would change. Decisions made before Cedar was asked (invalid
// parameters) have no request and keep their outcome whatever the bundle says.
import { DECISION_OUTCOME_VALUES, type DecisionOutcome } from '@governor/contracts';
import { currentFormOf, type CedarRequest } from './cedar-request';
import { decide, type PolicyAuthorizer } from './decision-procedure';

export interface RecordedDecision {
  decisionId: string;
  actionId: string;
  actionType: string;
  domain: string;
  outcome: DecisionOutcome;
  reasons: string[];
  policyVersion: string;
  request: CedarRequest | null;
}

export interface ChangedDecision {
  actionId: string;
  decisionId: string;
  actionType: string;
  domain: string;
  recorded: { outcome: DecisionOutcome; reasons: string[]; policyVersion: string };
  simulated: { outcome: DecisionOutcome; reasons: string[]; requiredApprovers: number };
}

export type OutcomeCounts = Record<DecisionOutcome, number>;

export interface SimulationReport {
  decisions: number;
  recorded: OutcomeCounts;
  simulated: OutcomeCounts;
  changed: ChangedDecision[];
}

export class SimulationTally {
  private readonly report: SimulationReport = {
    decisions: 0,
    recorded: zeroCounts(),
    simulated: zeroCounts(),
    changed: [],
  };

  constructor(private readonly authorizer: PolicyAuthorizer) {}

  add(decision: RecordedDecision): void {
    this.report.decisions++;
    this.report.recorded[decision.outcome]++;
    if (!decision.request) {
      this.report.simulated[decision.outcome]++;
      return;
    }
    const result = decide(currentFormOf(decision.request), this.authorizer);
    this.report.simulated[result.outcome]++;
    if (result.outcome !== decision.outcome) {
      this.report.changed.push({
        actionId: decision.actionId,
        decisionId: decision.decisionId,
        actionType: decision.actionType,
        domain: decision.domain,
        recorded: {
          outcome: decision.outcome,
          reasons: decision.reasons,
          policyVersion: decision.policyVersion,
        },
        simulated: result,
      });
    }
  }

  result(): SimulationReport {
    return this.report;
  }
}

function zeroCounts(): OutcomeCounts {
  return Object.fromEntries(DECISION_OUTCOME_VALUES.map((o) => [o, 0])) as OutcomeCounts;
}
