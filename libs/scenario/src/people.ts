// The people of the day (docs: README "What you see"): planners and a credit controller who work the
// review queue at human speeds, an agent's owner who tries to approve her own agent's proposal, an
// operator who forces inventory into manual fallback while the WMS is silent and compensates a stock
// transfer the ERP's outage left half-done, and two governance officers who change the policy at midday
// (one writes and simulates, the other activates). Plain and seeded: the demo plays it through the
// HTTP APIs (libs/cli/src/demo/demo-people.ts).
import { ActionTypes, EventTypes, type ActionType } from '@governor/contracts';
import { AGENTS, type Scenario } from './scenario';
import { Random } from './random';

export interface Person {
  userId: string;
  roles: string[];
  title: string;
}

export const PEOPLE = {
  planners: [
    { userId: 'u-carol', roles: ['approver', 'planner'], title: 'planner' },
    { userId: 'u-dave', roles: ['approver', 'planner'], title: 'planner' },
  ],
  creditController: { userId: 'u-erin', roles: ['approver', 'credit-controller'], title: 'credit controller' },
  operator: { userId: 'u-frank', roles: ['operator'], title: 'operator' },
  governanceOfficer: { userId: 'u-grace', roles: ['governance'], title: 'governance officer' },
  secondGovernanceOfficer: { userId: 'u-henry', roles: ['governance'], title: 'governance officer' },
  /** The replenisher agent's owner (AGENTS), a planner herself. */
  agentOwner: { userId: AGENTS[0].owner, roles: ['approver', 'planner'], title: "the replenisher agent's owner" },
} as const satisfies Record<string, Person | readonly Person[]>;

/** The played day stands for a working day of ten hours (08:00 to 18:00). */
export const WORKING_DAY_HOURS = 10;

/** Seconds of play that stand for one minute of the working day. */
export function playSecondsPerMinute(durationSeconds: number): number {
  return durationSeconds / (WORKING_DAY_HOURS * 60);
}

/**
 * How long a task waits before it escalates and before it expires, in seconds of play: two and
 * four hours of the working day, so that the few tasks nobody picks up escalate and expire within it.
 */
export function approvalClock(durationSeconds: number): { escalateAfterSeconds: number; expireAfterSeconds: number } {
  const perMinute = playSecondsPerMinute(durationSeconds);
  return { escalateAfterSeconds: Math.max(1, Math.round(120 * perMinute)), expireAfterSeconds: Math.max(2, Math.round(240 * perMinute)) };
}

/** How long the ERP fails for: an hour of the working day, at least 8 s of play. */
export function erpOutageSeconds(durationSeconds: number): number {
  return Math.max(8, 60 * playSecondsPerMinute(durationSeconds));
}

/**
 * The ERP's bad stretch, in seconds of play: from a quarter of the day it answers 503 to everything
 * (`down` to `up`, its database failing over); once it answers again its stock postings (transfer
 * receipts and reversals) still fail for as long again, while its database catches up (`up` to
 * `postingsBack`). A transfer that reaches it about when it comes back is issued but can be neither
 * received nor reversed: execution-adapters leaves it half-done for the operator.
 */
export function erpTrouble(durationSeconds: number): { down: number; up: number; postingsBack: number } {
  const down = 0.25 * durationSeconds;
  const up = down + erpOutageSeconds(durationSeconds);
  return { down, up, postingsBack: up + erpOutageSeconds(durationSeconds) };
}

/**
 * The key a task's review is seeded by: its action id without the run id, so that the same seed
 * gives the scenario's own proposals (`act-<runId>-<n>`) the same review in every run.
 */
export function reviewKey(actionId: string, runId: string): string {
  return actionId.replace(`${runId}-`, '');
}

/** Seconds from a proposal's publication to its execution, besides its review: decision, queue, approval. */
const PROPOSAL_TO_EXECUTION_SECONDS = 0.75;

/**
 * The play's script times the replenisher agent's stock transfer: it is proposed so that, after the
 * planner's review (reviewOf, seeded as the demo's people seed it), it is approved and reaches the
 * ERP as the ERP comes back (erpTrouble's `up`), but not before the business day has begun. What the
 * system then does with it (retries, a transfer left half-done, the operator's compensation) is its
 * own. Moves that one event of `scenario` (in place) and answers when it is proposed now.
 */
export function timeAgentTransfer(scenario: Scenario, options: { seed: number; durationSeconds: number; runId: string }): number | undefined {
  const found = scenario.events.find((e) => e.event.type === EventTypes.AgentActionProposedV1 && transferOf(e.event.data) !== undefined);
  const actionId = found ? transferOf(found.event.data) : undefined;
  if (!found || actionId === undefined) return undefined;
  const business = scenario.phases.find((p) => p.phase === 'business');
  const facts: TaskFacts = {
    actionId: reviewKey(actionId, options.runId),
    actionType: ActionTypes.TransferStock,
    domain: 'inventory',
    amount: null,
    dataQuality: null,
    agentId: AGENTS[0].agentId,
    requiredApprovers: 1,
  };
  const review = reviewOf(facts, options.seed, options.durationSeconds);
  const at = erpTrouble(options.durationSeconds).up - review.afterSeconds - PROPOSAL_TO_EXECUTION_SECONDS;
  found.at = Math.max(business?.from ?? 0, at);
  found.phase = scenario.phases.find((p) => found.at < p.to)?.phase ?? found.phase;
  scenario.events.sort((a, b) => a.at - b.at);
  return found.at;
}

/** The action id of an agent's proposed stock transfer, else undefined. */
function transferOf(data: unknown): string | undefined {
  const proposal = data as { actionId?: unknown; actionType?: unknown };
  return proposal.actionType === ActionTypes.TransferStock && typeof proposal.actionId === 'string' ? proposal.actionId : undefined;
}

/** What a reviewer knows of a task when it reaches the queue. */
export interface TaskFacts {
  actionId: string;
  actionType: ActionType;
  domain: string;
  amount: number | null;
  /** The data-quality score the decision rested on. */
  dataQuality: number | null;
  /** The agent that proposed it, null for a model's proposal. */
  agentId: string | null;
  requiredApprovers: number;
}

export interface Review {
  verdict: 'approve' | 'reject' | 'leave';
  /** Who approves (each in turn), or who rejects (the first); nobody acts on a task left. */
  reviewers: Person[];
  /** Seconds of play after the task was requested. */
  afterSeconds: number;
  comment: string;
}

/** Below this, a reviewer does not trust the data a proposal rests on (the WMS's implausible levels). */
const DOUBTFUL_QUALITY = 0.9;

/**
 * How the queue treats one task: most approved after some minutes, some rejected (most of those
 * that rest on doubtful data), a few left to escalate and expire. Seeded by the run's seed and the
 * action, so the same task gets the same review whatever order the queue shows it in.
 */
export function reviewOf(task: TaskFacts, seed: number, durationSeconds: number): Review {
  const random = new Random(seed ^ hash(task.actionId));
  const credit = task.domain === 'credit';
  const reviewers: Person[] = credit
    ? [PEOPLE.creditController]
    : random.chance(0.5)
      ? [...PEOPLE.planners]
      : [...PEOPLE.planners].reverse();
  // Human minutes: lognormal around 20 (a planner) or 35 (the credit controller, who phones first).
  const minutes = Math.min(150, Math.exp(random.normal(Math.log(credit ? 35 : 20), 0.6)));
  const afterSeconds = minutes * playSecondsPerMinute(durationSeconds);
  const doubtful = task.dataQuality !== null && task.dataQuality < DOUBTFUL_QUALITY ? task.dataQuality : null;
  const roll = random.next();
  if (roll < 0.06) return { verdict: 'leave', reviewers: [], afterSeconds, comment: '' };
  if (doubtful !== null ? roll < 0.45 : roll < 0.16) {
    const comment =
      doubtful !== null
        ? `rests on data scored ${doubtful.toFixed(2)}: the WMS levels are not believable, recount first`
        : rejectionReason(task.actionType);
    return { verdict: 'reject', reviewers: reviewers.slice(0, 1), afterSeconds, comment };
  }
  return {
    verdict: 'approve',
    reviewers: reviewers.slice(0, Math.max(1, task.requiredApprovers)),
    afterSeconds,
    comment: credit ? 'customer called, payment confirmed' : 'checked against the plan',
  };
}

/**
 * The same review as a rejection by its first reviewer, with the usual reason: the day's script
 * turns one review into a rejection when the seeded reviews of a short, mostly automated day bring
 * none (the queue of a small day holds a dozen tasks or so).
 */
export function asRejection(review: Review, task: TaskFacts): Review {
  const reviewers = review.reviewers.length > 0 ? review.reviewers.slice(0, 1) : [task.domain === 'credit' ? PEOPLE.creditController : PEOPLE.planners[0]];
  return { verdict: 'reject', reviewers, afterSeconds: review.afterSeconds, comment: rejectionReason(task.actionType) };
}

function rejectionReason(actionType: ActionType): string {
  switch (actionType) {
    case ActionTypes.CreatePurchaseOrder:
      return 'a promotion ends this week: demand will fall, no order';
    case ActionTypes.TransferStock:
      return 'the source DC needs this stock for a key account';
    default:
      return 'not now: discussed with the account manager';
  }
}

export type DayActKind =
  | 'erp-outage-start'
  | 'erp-outage-end'
  | 'erp-postings-back'
  | 'override'
  | 'clear-override'
  | 'compensate'
  | 'policy-change'
  | 'policy-activation'
  | 'model-promotion';

/** Something that happens at a set time of the day: the ERP's bad stretch, and people's deliberate acts. */
export interface DayAct {
  /** Seconds of play after the start. */
  at: number;
  kind: DayActKind;
  /** Who acts; null for the ERP's own trouble. */
  by: Person | null;
  reason: string;
}

/**
 * The day's deliberate acts, on the scenario's phases: the ERP fails from a quarter of the day for
 * about an hour of it, and its stock postings for another hour (erpTrouble); once the breaker has tripped on the WMS's silence and the WMS answers with
 * implausible levels, the operator holds inventory in manual fallback, and clears it once the feeds
 * have recovered; at midday a governance officer writes and
 * simulates a policy change that a colleague activates half an hour later; once the ERP posts
 * stock movements again, the operator compensates the transfer its outage left half-done; in the
 * first hour of business a governance officer promotes demand sensing's refit (demand-shift.ts).
 */
export function dayActs(phases: readonly { phase: string; from: number; to: number }[], durationSeconds: number): DayAct[] {
  const d = durationSeconds;
  const minute = playSecondsPerMinute(d);
  const phase = (name: string) => {
    const found = phases.find((p) => p.phase === name);
    if (!found) throw new Error(`the scenario has no phase ${name}`);
    return found;
  };
  const erp = erpTrouble(d);
  const acts: DayAct[] = [
    { at: erp.down, kind: 'erp-outage-start', by: null, reason: 'the ERP answers 503 (its database fails over)' },
    { at: erp.up, kind: 'erp-outage-end', by: null, reason: 'the ERP answers again, but its stock postings (transfer receipts and reversals) still fail while its database catches up' },
    { at: erp.postingsBack, kind: 'erp-postings-back', by: null, reason: 'the ERP posts stock movements again' },
    {
      at: erp.postingsBack + 15 * minute,
      kind: 'compensate',
      by: PEOPLE.operator,
      reason: 'issued at the source DC, never received, and the adapter could not reverse it while the ERP refused postings: reverse it now',
    },
    {
      // The breaker has tripped on the silence; the WMS answers again but with levels nobody can
      // believe, and health alone would let inventory back through probation.
      at: phase('wms-implausible').from + 20 * minute,
      kind: 'override',
      by: PEOPLE.operator,
      reason: 'WMS back but its levels are implausible: hold inventory in manual fallback while the DC teams recount',
    },
    { at: phase('recovery').from + 30 * minute, kind: 'clear-override', by: PEOPLE.operator, reason: 'WMS feeds back and plausible' },
    {
      at: 0.5 * d,
      kind: 'policy-change',
      by: PEOPLE.governanceOfficer,
      reason: "the replenisher agent's small purchase orders run automatically from a confidence of 0.85",
    },
    { at: 0.5 * d + 30 * minute, kind: 'policy-activation', by: PEOPLE.secondGovernanceOfficer, reason: 'simulated against the morning, agreed' },
    {
      // A competitor's promotion week in the recorded demand makes demand sensing drift as the history arrives;
      // its refit is validated and in shadow within the first hour of business.
      at: phase('business').from + 60 * minute,
      kind: 'model-promotion',
      by: PEOPLE.governanceOfficer,
      reason: "a competitor's promotion week took our sales: the champion was fitted before it, the refit on it",
    },
  ];
  return acts.sort((a, b) => a.at - b.at);
}

/** The midday change: the active bundle with one permit added for the replenisher agent's small orders. */
export function middayPolicyChange(activeBundle: string): { policies: string; description: string } {
  const agent = AGENTS[0].agentId;
  const permit = [
    '',
    `// Midday change by ${PEOPLE.governanceOfficer.userId}: the ${agent} agent's purchase orders up to 5,000 run`,
    '// automatically from a confidence of 0.85 on clean data (its morning orders were all approved).',
    `@id("agents.${agent}-small-orders-automatic")`,
    `permit (principal == Agent::"${agent}", action == Action::"auto-execute", resource is CreatePurchaseOrder)`,
    'when {',
    '  resource.amount.lessThanOrEqual(decimal("5000.00")) &&',
    '  context.confidence.greaterThanOrEqual(decimal("0.85")) &&',
    '  context.dataQuality.greaterThanOrEqual(decimal("0.95"))',
    '};',
    '',
  ].join('\n');
  return {
    policies: `${activeBundle.trimEnd()}\n${permit}`,
    description: `${agent} agent: small purchase orders automatic from confidence 0.85`,
  };
}

/** FNV-1a of a string, as a 32-bit seed component. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
