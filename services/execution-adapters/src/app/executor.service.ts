// Executes approved actions exactly once in effect. The executions table, keyed by actionId, is
// the idempotency record: an action seen before is reported as a duplicate and not run again. An
// attempt is recorded as `executing` (with a lease) and committed BEFORE the target is called,
// outside any transaction; the call carries the action's idempotency key, so a crash and a repeat
// of the call finds the first result in the target instead of acting twice; the result, the attempt
// and the outcome event (outbox) are committed together afterwards. Transient failures are retried
// later by the RetryScheduler, never in a loop inside the Kafka handler.
//
// The consumer hands over a group of approved actions at a time (keyed by actionId, so they are
// independent of each other). Before anything else their signatures are checked (SignatureGate):
// one that does not verify is handed back to be dead-lettered and is never recorded. The first-seen ones that may run are recorded and claimed in one
// statement, their targets are called all at once, each call in its record's span (its trace goes
// on to the target), and the successes are recorded in one transaction. What is unusual (seen
// before, held for review, failed) is decided action by action.
import { Inject, Injectable } from '@nestjs/common';
import { context, type Context } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { ApprovalModes, EventTypes, Topics } from '@governor/contracts';
import { Outbox, OutboxRelay, recordSpan, type RefusedRecord } from '@governor/messaging';
import type { Logger } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import { contextFromHeaders, currentTraceHeaders } from '@governor/telemetry';
import type { ExecutionConfig } from '../config';
import { AdapterError, asAdapterError, ExecutionResult, leftHalfDone } from '../domain/adapter';
import { admit, modeGate, type Admission, type ModeGate } from '../domain/admission';
import { ExecutionStates } from '../domain/execution-states';
import { outcomeEvent, reviewRequestedEvent } from '../domain/outcome-events';
import { afterFailure, isFinalAttempt } from '../domain/retry-policy';
import { AdapterRegistry } from '../infra/adapter-registry';
import { DomainModeTracker } from '../infra/domain-mode-tracker';
import { ExecutionRepository, ExecutionRow } from '../infra/execution.repository';
import { testCrashPoint } from '../infra/test-crash-point';
import { ExecutionMetrics } from './execution-metrics';
import { EXECUTION_LOGGER } from './execution.tokens';
import { RetryWake } from './retry-wake';
import { type ApprovedRecord, SignatureGate } from './signature-gate';

type ApprovedEvent = ApprovedRecord['event'];

interface Arrival {
  record: ApprovedRecord;
  event: ApprovedEvent;
  gate: ModeGate;
}

/** What one call of the target came to, and the trace context it ran in (its outcome's). */
type CallEnd = { execution: ExecutionRow; durationMs: number; context: Context } & (
  | { result: ExecutionResult }
  | { failure: AdapterError }
);

@Injectable()
export class ExecutorService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ExecutionConfig,
    @Inject(ExecutionRepository) private readonly repo: ExecutionRepository,
    @Inject(AdapterRegistry) private readonly adapters: AdapterRegistry,
    @Inject(DomainModeTracker) private readonly modes: DomainModeTracker,
    @Inject(ExecutionMetrics) private readonly metrics: ExecutionMetrics,
    @Inject(EXECUTION_LOGGER) private readonly log: Logger,
    @Inject(SignatureGate) private readonly signatures: SignatureGate,
    @Inject(RetryWake) private readonly retryWake: RetryWake,
  ) {}

  /** A group of approved actions from the consumer, in their order; returns those refused for their signature. */
  async onApproved(records: readonly ApprovedRecord[]): Promise<RefusedRecord[]> {
    const { genuine, refused } = await this.signatures.screen(records);
    await this.execute(genuine);
    return refused;
  }

  private async execute(records: readonly ApprovedRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Nothing is recorded before the modes are known: if they cannot be read in time, this throws
    // a retriable error and the group is delivered again.
    const arrivals: Arrival[] = [];
    for (const record of records) {
      const { event } = record;
      arrivals.push({ record, event, gate: await this.gateOf(event.data) });
    }
    // The usual case, actions seen for the first time that may run: recorded and taken for their
    // first attempt together. The others (recorded before, held for review, a repeat within the
    // group) are decided below, one by one.
    const firstOfEach = new Map<string, Arrival>();
    for (const arrival of arrivals) {
      const { actionId } = arrival.event.data;
      if (arrival.gate.kind === 'execute' && !firstOfEach.has(actionId)) firstOfEach.set(actionId, arrival);
    }
    const claimed = await this.repo.insertClaimed(
      this.db,
      [...firstOfEach.values()].map(({ record, event }) => ({
        action: event.data,
        adapter: this.adapters.adapterNameFor(event.data.actionType),
        // The approved action's trace, for the attempts the retry scheduler runs later.
        trace: currentTraceHeaders(contextFromHeaders(record.ctx.headers)),
      })),
      this.config.leaseMs,
    );
    const running = arrivals.filter((a) => claimed.has(a.event.data.actionId) && firstOfEach.get(a.event.data.actionId) === a);
    const ends = await Promise.all(
      running.map(({ record, event }) => recordSpan(record, () => this.call(claimed.get(event.data.actionId) as ExecutionRow))),
    );
    await this.recordEnds(ends);
    for (const arrival of arrivals) {
      if (!running.includes(arrival)) await recordSpan(arrival.record, () => this.admitSeen(arrival.event));
    }
  }

  /** An approved action that was not claimed as first seen: what the executions table says decides. */
  private async admitSeen(event: ApprovedEvent): Promise<void> {
    const action = event.data;
    const admission = await this.db.transaction(async (m): Promise<Admission> => {
      const existing = await this.repo.lock(m, action.actionId);
      const decision = admit(existing?.state, action.approval.mode);
      // Runs in the record's span: its context is the approved action's trace.
      if (decision.kind === 'new') await this.repo.insertPending(m, action, this.adapters.adapterNameFor(action.actionType), currentTraceHeaders());
      else if (decision.kind === 'resume-after-review') await this.repo.resumeAfterReview(m, action, currentTraceHeaders());
      else await this.repo.countDuplicate(m, action.actionId);
      return decision;
    });
    if (admission.kind === 'duplicate') {
      this.metrics.duplicates.inc({ state: admission.state });
      const underWay = admission.state === ExecutionStates.Pending || admission.state === ExecutionStates.Executing;
      this.log.warn(`duplicate approved action: ${underWay ? 'its one execution is already under way' : 'not executed again'}`, {
        actionId: action.actionId,
        eventId: event.id,
        eventSource: event.source,
        state: admission.state,
      });
    } else if (admission.kind === 'resume-after-review') {
      this.log.info('held action approved by a person: executing', { actionId: action.actionId, approvers: action.approval.approvers });
    }
    // Also after a duplicate: a redelivery after a crash finds its execution waiting and runs it.
    await this.attempt(action.actionId);
  }

  /** Runs one attempt of the execution when one is due; does nothing otherwise. */
  async attempt(actionId: string): Promise<void> {
    const current = await this.repo.get(this.db, actionId);
    if (!current || (current.state !== ExecutionStates.Pending && current.state !== ExecutionStates.Executing)) return;
    if (await this.heldForReview(current)) return;
    const execution = await this.repo.claimExecution(this.db, actionId, this.config.leaseMs);
    if (execution) await this.recordEnds([await this.call(execution)]);
  }

  /** An automatic approval may run only while its domain is `automated`. */
  private async gateOf(action: ApprovedEvent['data']): Promise<ModeGate> {
    if (action.approval.mode !== ApprovalModes.Automatic) return { kind: 'execute' };
    return modeGate(action.approval.mode, action.domain, await this.modes.modeOf(action.domain, this.config.modesWaitMs));
  }

  /** Calls the target for an execution this instance has claimed. */
  private async call(execution: ExecutionRow): Promise<CallEnd> {
    const started = Date.now();
    const ran = { execution, context: context.active() };
    let result: ExecutionResult;
    try {
      const adapter = this.adapters.get(execution.adapter);
      if (!adapter) throw new AdapterError('no-adapter', false, `no adapter "${execution.adapter}" is configured`);
      result = await adapter.execute(execution.approved, {
        finalAttempt: isFinalAttempt(this.config.retry, callsMade(execution)),
        earlierReference: execution.externalReference,
      });
    } catch (error) {
      return { ...ran, durationMs: Date.now() - started, failure: asAdapterError(error) };
    }
    testCrashPoint(this.config.testCrashPoint, 'after-erp-response');
    return { ...ran, durationMs: Date.now() - started, result };
  }

  /** Records what the calls came to: the successes together, each failure on its own. */
  private async recordEnds(ends: readonly CallEnd[]): Promise<void> {
    const succeeded = ends.flatMap((end) => ('result' in end ? [end] : []));
    if (succeeded.length > 0) await this.recordSuccesses(succeeded);
    for (const end of ends) {
      if ('failure' in end) await context.with(end.context, () => this.attemptFailed(end.execution, end.failure, end.durationMs));
    }
  }

  /** An automatic approval whose domain is no longer `automated` goes to a person instead. */
  private async heldForReview(execution: ExecutionRow): Promise<boolean> {
    if (execution.approvalMode !== ApprovalModes.Automatic) return false;
    const mode = await this.modes.modeOf(execution.domain, this.config.modesWaitMs);
    const gate = modeGate(execution.approvalMode, execution.domain, mode);
    if (gate.kind === 'execute') return false;
    const held = await this.db.transaction(async (m) => {
      if (!(await this.repo.holdForReview(m, execution.actionId, gate.reason))) return false;
      const event = reviewRequestedEvent(execution.approved, gate.mode, gate.reason);
      await this.outbox.enqueue(m, [{ topic: Topics.ReviewRequestsV1, event }]);
      return true;
    });
    if (held) {
      this.relay.wake();
      this.metrics.outcomes.inc({ outcome: ExecutionStates.ReviewRequested });
      this.log.info('automatic approval held for review', { actionId: execution.actionId, domain: execution.domain, mode, reason: gate.reason });
    }
    return true;
  }

  private async recordSuccesses(succeeded: readonly (CallEnd & { result: ExecutionResult })[]): Promise<void> {
    const recorded = await this.db.transaction(async (m) => {
      const completed = await this.repo.completeExecutions(
        m,
        succeeded.map(({ execution, result, durationMs }) => ({ actionId: execution.actionId, attempt: execution.attempts, result, durationMs })),
      );
      await this.outbox.enqueue(
        m,
        succeeded
          .filter(({ execution }) => completed.has(execution.actionId))
          .map(({ execution, result, context: ran }) => ({
            topic: Topics.ActionsOutcomesV1,
            event: outcomeEvent(EventTypes.ActionExecutedV1, { ...this.outcomeOf(execution), externalReference: result.externalReference }),
            headers: currentTraceHeaders(ran),
          })),
      );
      return completed;
    });
    testCrashPoint(this.config.testCrashPoint, 'after-outcome-commit');
    if (recorded.size > 0) this.relay.wake();
    for (const { execution, result, durationMs } of succeeded) {
      const { actionId, attempts: attempt } = execution;
      this.observe(execution, 'succeeded', durationMs);
      if (!recorded.has(actionId)) {
        this.log.warn('late answer ignored: another attempt has taken the execution over', { actionId, attempt });
        continue;
      }
      this.metrics.outcomes.inc({ outcome: ExecutionStates.Executed });
      this.log.info('action executed', { actionId, adapter: execution.adapter, externalReference: result.externalReference, attempt });
    }
  }

  private async attemptFailed(execution: ExecutionRow, failure: AdapterError, durationMs: number): Promise<void> {
    const { actionId, attempts: attempt } = execution;
    const next = afterFailure(this.config.retry, callsMade(execution), failure);
    const end = {
      outcome: failure.retriable ? ('retriable-failure' as const) : ('final-failure' as const),
      errorCode: failure.code,
      error: failure.message,
      externalReference: failure.externalReference,
      durationMs,
    };
    // A refusal made no call: counted, but its duration is not an attempt's.
    if (next.kind === 'refused') this.observe(execution, 'refused');
    else this.observe(execution, end.outcome, durationMs);
    if (next.kind !== 'fail') {
      const refused = next.kind === 'refused';
      const scheduled = await this.db.transaction(async (m) => {
        // What the attempt left in the target (a transfer issued) stays with the execution for the next one.
        if (!(await this.repo.scheduleRetry(m, actionId, attempt, next.delayMs, failure.message, refused, failure.externalReference))) return false;
        await this.repo.finishAttempt(m, actionId, 'execute', attempt, end);
        return true;
      });
      if (!scheduled) return;
      this.retryWake.wake();
      if (refused) this.log.warn("the target's circuit is open: not an attempt that counts; will try again", { actionId, attempt, error: failure.message, retryInMs: next.delayMs });
      else this.log.warn('attempt failed; will retry', { actionId, attempt, code: failure.code, error: failure.message, retryInMs: next.delayMs });
      return;
    }
    const error = failure.retriable ? `gave up after ${callsMade(execution)} attempts: ${failure.message}` : failure.message;
    // What the adapter could not undo waits for an operator (compensation-failed, compensable).
    const halfDone = leftHalfDone(failure);
    const recorded = await this.db.transaction(async (m) => {
      if (!(await this.repo.failExecution(m, actionId, attempt, error, failure.externalReference, halfDone))) return false;
      await this.repo.finishAttempt(m, actionId, 'execute', attempt, end);
      const event = outcomeEvent(EventTypes.ActionFailedV1, { ...this.outcomeOf(execution), externalReference: failure.externalReference, error });
      await this.outbox.enqueue(m, [{ topic: Topics.ActionsOutcomesV1, event }]);
      return true;
    });
    if (!recorded) return;
    this.relay.wake();
    this.metrics.outcomes.inc({ outcome: ExecutionStates.Failed });
    this.log.warn(halfDone ? 'action failed half-done: an operator must compensate it' : 'action failed', {
      actionId,
      adapter: execution.adapter,
      code: failure.code,
      error,
      attempts: attempt,
    });
  }

  private outcomeOf(execution: ExecutionRow) {
    return { actionId: execution.actionId, actionType: execution.actionType, adapter: execution.adapter, attempts: execution.attempts };
  }

  /** Counts an attempt, and times it when it made a call (`durationMs`). */
  private observe(execution: ExecutionRow, outcome: string, durationMs?: number): void {
    this.metrics.attempts.inc({ adapter: execution.adapter, kind: 'execute', outcome });
    if (durationMs !== undefined) this.metrics.attemptSeconds.observe({ adapter: execution.adapter, kind: 'execute' }, durationMs / 1000);
  }
}

/** The attempts that reached the target (or might have): every attempt but the open circuit's refusals. */
function callsMade(execution: ExecutionRow): number {
  return execution.attempts - execution.refusals;
}
