// The decision procedure (docs/design.md "Policy enforcement"): ask the policy bundle whether
// `auto-execute` is permitted, then whether `request-approval` is; neither means rejected. An
// advisory action type (planning.notify-planner) that policy lets run automatically is `advisory`
// rather than `auto-approved`: it is decided by Cedar like any other, and only named differently.
// The reasons are the @id of the policies that determined the answer; the number of approvers a
// task needs comes from the `@approvers` annotation of the permits that allowed the approval.
import { ActionTypes, DecisionOutcomes, type ActionType, type DecisionOutcome } from '@governor/contracts';
import type { CedarRequest } from './cedar-request';

export const PolicyQuestions = { AutoExecute: 'auto-execute', RequestApproval: 'request-approval' } as const;
export type PolicyQuestion = (typeof PolicyQuestions)[keyof typeof PolicyQuestions];

/** Annotation on a request-approval permit: how many different people must approve. */
export const APPROVERS_ANNOTATION = 'approvers';
export const MAX_APPROVERS = 5;

/** The reason of a rejection made before Cedar is asked: the parameters do not fit the type. */
export const INVALID_PARAMETERS_REASON = 'invalid-parameters';

const ADVISORY_ACTION_TYPES: readonly ActionType[] = [ActionTypes.NotifyPlanner];

export interface DeterminingPolicy {
  id: string;
  annotations: Readonly<Record<string, string>>;
}

export interface PolicyAnswer {
  allowed: boolean;
  /** Cedar's determining policies: the satisfied permits on allow, the satisfied forbids on deny. */
  determining: readonly DeterminingPolicy[];
}

/** One policy bundle, ready to answer questions (the Cedar engine for one version implements it). */
export interface PolicyAuthorizer {
  authorize(question: PolicyQuestion, request: CedarRequest): PolicyAnswer;
}

export interface DecisionResult {
  outcome: DecisionOutcome;
  reasons: string[];
  /** People who must approve: at least 1 when approval-required, else 0. */
  requiredApprovers: number;
}

export function decide(request: CedarRequest, authorizer: PolicyAuthorizer): DecisionResult {
  const auto = authorizer.authorize(PolicyQuestions.AutoExecute, request);
  if (auto.allowed) {
    const outcome = ADVISORY_ACTION_TYPES.includes(request.actionType)
      ? DecisionOutcomes.Advisory
      : DecisionOutcomes.AutoApproved;
    return { outcome, reasons: ids(auto.determining), requiredApprovers: 0 };
  }
  const approval = authorizer.authorize(PolicyQuestions.RequestApproval, request);
  // The forbids that blocked the automatic path (if any) are reasons too: "approval-required
  // because the domain is not automated" is what a reviewer wants to read.
  const blockers = ids(auto.determining);
  if (approval.allowed) {
    return {
      outcome: DecisionOutcomes.ApprovalRequired,
      reasons: unique([...blockers, ...ids(approval.determining)]),
      requiredApprovers: approversOf(approval.determining),
    };
  }
  return {
    outcome: DecisionOutcomes.Rejected,
    reasons: unique([...blockers, ...ids(approval.determining)]),
    requiredApprovers: 0,
  };
}

export function rejectInvalidParameters(): DecisionResult {
  return { outcome: DecisionOutcomes.Rejected, reasons: [INVALID_PARAMETERS_REASON], requiredApprovers: 0 };
}

/** The largest `@approvers` among the permits that allowed the approval; 1 when none says. */
export function approversOf(determining: readonly DeterminingPolicy[]): number {
  let approvers = 1;
  for (const policy of determining) {
    const parsed = parseApprovers(policy.annotations[APPROVERS_ANNOTATION]);
    if (parsed !== undefined && parsed > approvers) approvers = parsed;
  }
  return approvers;
}

/** A valid `@approvers` value as a number, else undefined; bundles are checked with it when stored. */
export function parseApprovers(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_APPROVERS ? n : undefined;
}

function ids(policies: readonly DeterminingPolicy[]): string[] {
  return policies.map((p) => p.id);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
