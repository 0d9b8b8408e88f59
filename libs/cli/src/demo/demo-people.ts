// Plays the people of libs/scenario's day through the real HTTP APIs, each with a development token
// of their own user and roles: reviewers work the queue (approve, reject, or leave a task to
// escalate and expire), the replenisher agent's owner tries to approve her agent's proposal, the
// operator overrides inventory and compensates the stock transfer the ERP's outage left half-done,
// the governance officers store, simulate and activate the midday policy change, and one promotes
// demand sensing's refit once validated and in shadow (demo-model-review.ts); and the simulated
// ERP fails for a stretch, then refuses stock postings for another (its fault switch, POST
// /_control). Records what each did, for the demo's report.
import {
  AGENTS,
  asRejection,
  dayActs,
  erpOutageSeconds,
  middayPolicyChange,
  playSecondsPerMinute,
  PEOPLE,
  reviewKey,
  reviewOf,
  type DayAct,
  type Person,
  type Scenario,
  type TaskFacts,
} from '@governor/scenario';
import { ActionTypes, type ActionType } from '@governor/contracts';
import { ApiCallError, type ApiClient } from '../api-client';
import { reviewRefit } from './demo-model-review';

export type PeopleActKind =
  | 'approve'
  | 'reject'
  | 'separation-of-duties'
  | 'override'
  | 'clear-override'
  | 'compensate'
  | 'policy-stored'
  | 'policy-simulated'
  | 'policy-activated'
  | 'erp-outage-start'
  | 'erp-outage-end'
  | 'erp-postings-back'
  | 'model-promoted'
  | 'model-reviewed'
  | 'missed';

/** One thing a person (or the ERP) did, and what the API answered. */
export interface PeopleAct {
  at: string;
  kind: PeopleActKind;
  who: string;
  detail: string;
  actionId?: string;
}

/** A task people decided: how long it waited for them. */
export interface Resolution {
  actionId: string;
  domain: string;
  verdict: 'approved' | 'rejected';
  latencySeconds: number;
  by: string[];
}

interface PendingTask {
  taskId: string;
  actionId: string;
  actionType: ActionType;
  domain: string;
  action: { parameters?: { amount?: unknown } };
  lineage: { dataQuality?: { score?: number } };
  proposedBy: string | null;
  requiredApprovers: number;
  requestedAt: string;
}

interface AnsweredTask {
  status: string;
  resolvedAt: string | null;
  approvals: { approver: string }[];
}

/** An execution as GET /executions lists it (the fields the operator reads). */
interface Execution {
  actionId: string;
  actionType: string;
  state: string;
  createdAt: string;
  executedAt: string | null;
  externalReference: string | null;
  error: string | null;
  compensation: { inverse: string | null };
}

interface Scheduled {
  due: number;
  run: () => Promise<void>;
}

export class DemoPeople {
  readonly acts: PeopleAct[] = [];
  readonly resolutions: Resolution[] = [];
  private readonly seen = new Set<string>();
  private readonly scheduled: Scheduled[] = [];
  private ownerTried = false;
  private rejectionPlanned = false;
  private ownApprovalsPlanned = 0;
  /** The ERP refuses stock postings (receipts, reversals) between its outage's end and postings-back. */
  private postingsRefused = false;
  private policyVersion: string | undefined;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly api: ApiClient,
    scenario: Scenario,
    private readonly options: { seed: number; durationSeconds: number; started: Date; runId: string },
  ) {
    for (const act of dayActs(scenario.phases, options.durationSeconds)) this.schedule(act.at, () => this.perform(act));
  }

  /** Counts for the progress line. */
  summary(): string {
    const count = (kind: PeopleActKind) => this.acts.filter((a) => a.kind === kind).length;
    return `people: ${count('approve')} approvals, ${count('reject')} rejections, ${count('separation-of-duties')} refused`;
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.tick().catch((error: unknown) => this.record('missed', 'demo', `the queue could not be read: ${(error as Error).message}`));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
  }

  /** Stops after what is due now; what was planned for later is left undone (tasks stay pending). */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private elapsed(): number {
    return (Date.now() - this.options.started.getTime()) / 1_000;
  }

  private schedule(due: number, run: () => Promise<void>): void {
    this.scheduled.push({ due, run });
  }

  private async tick(): Promise<void> {
    const reader = PEOPLE.planners[0];
    const pending = await this.as(reader).callAll<PendingTask>('policy-enforcement', '/approvals?status=pending&limit=200');
    // Only the day's own tasks: a stack started earlier may hold older ones.
    const today = pending.filter((t) => !this.seen.has(t.taskId) && Date.parse(t.requestedAt) >= this.options.started.getTime());
    for (const task of today) this.plan(task);
    const now = this.elapsed();
    const due = this.scheduled.filter((s) => s.due <= now).sort((a, b) => a.due - b.due);
    for (const item of due) {
      this.scheduled.splice(this.scheduled.indexOf(item), 1);
      await item.run();
    }
  }

  /** What people will do with a task that just reached the queue. */
  private plan(task: PendingTask): void {
    this.seen.add(task.taskId);
    const facts: TaskFacts = {
      // The same seed reviews the scenario's own proposals alike in every run (the play's script times one by it).
      actionId: reviewKey(task.actionId, this.options.runId),
      actionType: task.actionType,
      domain: task.domain,
      amount: typeof task.action.parameters?.amount === 'number' ? task.action.parameters.amount : null,
      dataQuality: task.lineage.dataQuality?.score ?? null,
      agentId: task.proposedBy,
      requiredApprovers: task.requiredApprovers,
    };
    const requested = (new Date(task.requestedAt).getTime() - this.options.started.getTime()) / 1_000;
    const minute = playSecondsPerMinute(this.options.durationSeconds);
    const owner = PEOPLE.agentOwner;
    if (!this.ownerTried && task.proposedBy === AGENTS[0].agentId) {
      // The agent's owner sees her agent's order in the queue and tries to approve it herself.
      this.ownerTried = true;
      this.schedule(requested + 5 * minute, () => this.decide(task, owner, 'approve', 'my agent, my call', requested));
    }
    let review = reviewOf(facts, this.options.seed, this.options.durationSeconds);
    // Some tasks are rejected on any day: if the first two reviews of Governor's own proposals
    // approved, the third is rejected (the agents' proposals keep their seeded review: the play's
    // script times the replenisher's transfer by it).
    if (task.proposedBy === null && review.verdict !== 'leave') {
      if (review.verdict === 'reject') this.rejectionPlanned = true;
      else if (!this.rejectionPlanned && ++this.ownApprovalsPlanned === 3) {
        review = asRejection(review, facts);
        this.rejectionPlanned = true;
      }
    }
    if (review.verdict === 'leave') return;
    review.reviewers.forEach((person, i) => {
      this.schedule(requested + review.afterSeconds + i * 10 * minute, () => this.decide(task, person, review.verdict as 'approve' | 'reject', review.comment, requested));
    });
  }

  private async decide(task: PendingTask, person: Person, verdict: 'approve' | 'reject', comment: string, requested: number): Promise<void> {
    try {
      const answer = await this.as(person).call<AnsweredTask>('policy-enforcement', 'POST', `/approvals/${task.taskId}/${verdict}`, { comment });
      this.record(verdict, person.userId, `${task.actionType} ${comment}`, task.actionId);
      if (answer.status === 'approved' || answer.status === 'rejected') {
        const resolvedAt = answer.resolvedAt ? new Date(answer.resolvedAt).getTime() : Date.now();
        this.resolutions.push({
          actionId: task.actionId,
          domain: task.domain,
          verdict: answer.status,
          latencySeconds: (resolvedAt - this.options.started.getTime()) / 1_000 - requested,
          by: answer.status === 'approved' ? answer.approvals.map((a) => a.approver) : [person.userId],
        });
      }
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'separation-of-duties') {
        this.record('separation-of-duties', person.userId, `refused to ${verdict} ${task.actionType} proposed by ${task.proposedBy}: ${error.message}`, task.actionId);
      } else {
        // Expired or decided meanwhile: people are sometimes late.
        this.record('missed', person.userId, `could not ${verdict} ${task.actionId}: ${(error as Error).message}`, task.actionId);
      }
    }
  }

  private async perform(act: DayAct): Promise<void> {
    const who = act.by?.userId ?? 'simulated-erp';
    try {
      switch (act.kind) {
        case 'erp-outage-start':
          await this.api.call('simulated-erp', 'POST', '/_control', { failNext: 1_000_000, status: 503 });
          return this.record(act.kind, who, act.reason);
        case 'erp-outage-end':
          // Back, but its stock postings still fail: transfers can be issued, not received or reversed.
          await this.api.call('simulated-erp', 'DELETE', '/_control');
          for (const route of ['POST /stock-transfers/*/receive', 'POST /stock-transfers/*/reverse']) {
            await this.api.call('simulated-erp', 'POST', '/_control', { route, failNext: 1_000_000, status: 503 });
          }
          this.postingsRefused = true;
          return this.record(act.kind, who, act.reason);
        case 'erp-postings-back':
          // The script times the agent's transfer to reach the ERP as it comes back; on a loaded
          // machine it may come later, so postings stay refused while a transfer of the day is still
          // on its way (none yet, or pending or executing), for at most two more outages' time.
          if (this.elapsed() < act.at + 2 * erpOutageSeconds(this.options.durationSeconds) && (await this.transferUnderWay())) {
            this.schedule(this.elapsed() + 2 * playSecondsPerMinute(this.options.durationSeconds), () => this.perform(act));
            return;
          }
          await this.api.call('simulated-erp', 'DELETE', '/_control');
          this.postingsRefused = false;
          return this.record(act.kind, who, act.reason);
        case 'override':
        case 'clear-override': {
          const mode = act.kind === 'override' ? 'manual-fallback' : 'clear';
          await this.as(actor(act)).call('circuit-breaker', 'POST', '/domains/inventory/override', { mode, reason: act.reason });
          return this.record(act.kind, who, `inventory ${mode}: ${act.reason}`);
        }
        case 'compensate':
          return await this.compensate(act);
        case 'policy-change':
          return await this.changePolicy(act);
        case 'model-promotion':
          return await this.reviewModel(act);
        case 'policy-activation': {
          if (!this.policyVersion) return this.record('missed', who, 'no policy change to activate');
          await this.as(actor(act)).call('policy-enforcement', 'POST', `/policies/${this.policyVersion}/activate`);
          return this.record('policy-activated', who, `version ${this.policyVersion} activated: ${act.reason}`);
        }
      }
    } catch (error) {
      this.record('missed', who, `${act.kind}: ${(error as Error).message}`);
    }
  }

  /** Whether the day has no stock transfer execution yet, or one still pending or executing. */
  private async transferUnderWay(): Promise<boolean> {
    const transfers = (
      await this.as(PEOPLE.operator).callAll<Execution>('execution-adapters', '/executions?limit=500')
    ).filter((e) => e.actionType === ActionTypes.TransferStock && Date.parse(e.createdAt) >= this.options.started.getTime());
    return transfers.length === 0 || transfers.some((e) => e.state === 'pending' || e.state === 'executing');
  }

  /**
   * The operator compensates the stock transfer the ERP's outage left half-done (execution-adapters
   * lists it as compensation-failed: issued, not received, and its reversal failed); while the
   * ERP's circuit still refuses calls, tries again five minutes later. When no transfer was left
   * half-done (the planner rejected or left the agent's transfer), reverses an executed transfer
   * instead, or near the end of the day any executed action that has an inverse, and says so.
   */
  private async compensate(act: DayAct): Promise<void> {
    const minute = playSecondsPerMinute(this.options.durationSeconds);
    // A reversal is a stock posting: the operator waits for the ERP to post again.
    if (this.postingsRefused) {
      this.schedule(this.elapsed() + 5 * minute, () => this.perform(act));
      return;
    }
    const operator = this.as(actor(act));
    const today = async (state: string) =>
      (
        await operator.callAll<Execution>('execution-adapters', `/executions?state=${state}&limit=200`)
      ).filter((e) => Date.parse(e.createdAt) >= this.options.started.getTime());
    // Never executed, yet compensation-failed: left half-done (not an executed one whose undoing failed).
    const halfDone = (await today('compensation-failed')).find((e) => e.actionType === ActionTypes.TransferStock && e.executedAt === null);
    const executed = halfDone ? [] : await today('executed');
    const late = this.elapsed() > 0.85 * this.options.durationSeconds;
    const target =
      halfDone ??
      executed.find((e) => e.actionType === ActionTypes.TransferStock) ??
      (late ? executed.find((e) => e.compensation.inverse !== null) : undefined);
    if (!target) {
      this.schedule(this.elapsed() + 15 * minute, () => this.perform(act));
      return;
    }
    try {
      await operator.call('execution-adapters', 'POST', `/executions/${target.actionId}/compensate`);
    } catch (error) {
      if (!(error instanceof ApiCallError) || error.code !== 'target-unavailable') throw error;
      this.record('missed', actor(act).userId, `compensate ${target.actionId}: ${error.message}; trying again in five minutes`, target.actionId);
      this.schedule(this.elapsed() + 5 * minute, () => this.perform(act));
      return;
    }
    const detail = halfDone
      ? `${target.actionType} left half-done by the ERP's outage (transfer ${target.externalReference}: ${target.error}): ${act.reason}`
      : target.actionType === ActionTypes.TransferStock
        ? `${target.actionType}: no transfer was left half-done today; this executed one is not needed any more (the delivery the receiving DC waited for came in): reverse it`
        : `${target.actionType}: no transfer today; this one was raised twice for the same need: undo it`;
    this.record('compensate', actor(act).userId, detail, target.actionId);
  }

  /** The officer promotes the day's refit once it is ready (demo-model-review.ts); looks again every five minutes until late in the day. */
  private async reviewModel(act: DayAct): Promise<void> {
    const review = await reviewRefit(this.as(actor(act)), this.options.started, act.reason);
    if (review.kind !== 'wait') return this.record(review.kind === 'promoted' ? 'model-promoted' : 'model-reviewed', actor(act).userId, review.detail);
    if (this.elapsed() < 0.9 * this.options.durationSeconds) {
      this.schedule(this.elapsed() + 5 * playSecondsPerMinute(this.options.durationSeconds), () => this.perform(act));
      return;
    }
    this.record('missed', actor(act).userId, `model-promotion: ${review.why} by the end of the day`);
  }

  /** Stores the midday change, simulates it against the morning, and tries (as its author) to activate it. */
  private async changePolicy(act: DayAct): Promise<void> {
    const author = this.as(actor(act));
    const active = await author.call<{ version: string; policies: string }>('policy-enforcement', 'GET', '/policies/active');
    const change = middayPolicyChange(active.policies);
    const stored = await author.call<{ version: string }>('policy-enforcement', 'POST', '/policies', change);
    this.policyVersion = stored.version;
    this.record('policy-stored', actor(act).userId, `version ${stored.version}: ${change.description}`);
    const simulation = await author.call<{ decisions: number; changed: unknown[] }>('policy-enforcement', 'POST', `/policies/${stored.version}/simulate`, {
      from: this.options.started.toISOString(),
      to: new Date().toISOString(),
    });
    this.record('policy-simulated', actor(act).userId, `version ${stored.version} against the morning: ${simulation.changed.length} of ${simulation.decisions} decisions would change`);
    try {
      await author.call('policy-enforcement', 'POST', `/policies/${stored.version}/activate`);
      this.record('policy-activated', actor(act).userId, `version ${stored.version} activated by its own author`);
    } catch (error) {
      if (!(error instanceof ApiCallError) || error.code !== 'separation-of-duties') throw error;
      this.record('separation-of-duties', actor(act).userId, `refused to activate version ${stored.version}, which she wrote: ${error.message}`);
    }
  }

  private as(person: Person): ApiClient {
    return this.api.as(person.userId, [...person.roles]);
  }

  private record(kind: PeopleActKind, who: string, detail: string, actionId?: string): void {
    this.acts.push({ at: new Date().toISOString(), kind, who, detail, ...(actionId ? { actionId } : {}) });
  }
}

/** The person of a person's act (only the ERP's own trouble has none). */
function actor(act: DayAct): Person {
  if (!act.by) throw new Error(`${act.kind} needs a person`);
  return act.by;
}
