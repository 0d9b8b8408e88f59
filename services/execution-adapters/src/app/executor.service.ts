// Executes approved actions exactly once in effect. The executions table, keyed by actionId, is
// the idempotency record: an action seen before is reported as a duplicate and not run again. An
// attempt is recorded as `executing` (with a lease) and committed BEFORE the target is called (a
// first-seen action that may run is recorded and claimed for its first attempt in one transaction),
// outside any transaction; the call carries the action's idempotency key, so a crash and a repeat
// of the call finds the first result in the target instead of acting twice; the result, the attempt
// and the outcome event (outbox) are committed together afterwards. Transient failures are retried
// later by the RetryScheduler, never in a loop inside the Kafka handler.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApprovalModes, EventTypes, Topics, type ContractEvent } from '@governor/contracts';
import { Outbox, OutboxRelay } from '@governor/messaging';
import type { Logger } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { ExecutionConfig } from '../config';
import { AdapterError, asAdapterError, ExecutionResult } from '../domain/adapter';
import { admit, modeGate, type Admission } from '../domain/admission';
import { ExecutionStates } from '../domain/execution-states';
import { outcomeEvent, reviewRequestedEvent } from '../domain/outcome-events';
import { afterFailure, isFinalAttempt } from '../domain/retry-policy';
import { AdapterRegistry } from '../infra/adapter-registry';
import { DomainModeTracker } from '../infra/domain-mode-tracker';
import { ExecutionRepository, ExecutionRow } from '../infra/execution.repository';
import { testCrashPoint } from '../infra/test-crash-point';
import { ExecutionMetrics } from './execution-metrics';
import { EXECUTION_LOGGER } from './execution.tokens';

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
  ) {}

  async onApproved(event: ContractEvent<typeof EventTypes.ActionApprovedV1>): Promise<void> {
    const action = event.data;
    // Nothing is recorded before the modes are known: if they cannot be read in time, this throws
    // a retriable error and the record is delivered again.
    const gate =
      action.approval.mode === ApprovalModes.Automatic
        ? modeGate(action.approval.mode, action.domain, await this.modes.modeOf(action.domain, this.config.modesWaitMs))
        : undefined;
    let claimed: ExecutionRow | undefined;
    const admission = await this.db.transaction(async (m): Promise<Admission> => {
      const adapter = this.adapters.adapterNameFor(action.actionType);
      // The usual case, an action seen for the first time that may run: recorded and taken for its
      // first attempt in one statement. When the row exists already, it decides below.
      if (gate?.kind !== 'hold-for-review') {
        claimed = await this.repo.insertClaimed(m, action, adapter, this.config.leaseMs);
        if (claimed) return { kind: 'new' };
      }
      const existing = await this.repo.lock(m, action.actionId);
      const decision = admit(existing?.state, action.approval.mode);
      if (decision.kind === 'new') await this.repo.insertPending(m, action, adapter);
      else if (decision.kind === 'resume-after-review') await this.repo.resumeAfterReview(m, action);
      else await this.repo.countDuplicate(m, action.actionId);
      return decision;
    });
    if (claimed) {
      await this.run(claimed);
      return;
    }
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
    if (execution) await this.run(execution);
  }

  /** Calls the target for an execution this instance has claimed, and records what happened. */
  private async run(execution: ExecutionRow): Promise<void> {
    const started = Date.now();
    let result: ExecutionResult;
    try {
      const adapter = this.adapters.get(execution.adapter);
      if (!adapter) throw new AdapterError('no-adapter', false, `no adapter "${execution.adapter}" is configured`);
      result = await adapter.execute(execution.approved, { finalAttempt: isFinalAttempt(this.config.retry, execution.attempts) });
    } catch (error) {
      await this.attemptFailed(execution, asAdapterError(error), Date.now() - started);
      return;
    }
    testCrashPoint(this.config.testCrashPoint, 'after-erp-response');
    await this.attemptSucceeded(execution, result, Date.now() - started);
    testCrashPoint(this.config.testCrashPoint, 'after-outcome-commit');
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

  private async attemptSucceeded(execution: ExecutionRow, result: ExecutionResult, durationMs: number): Promise<void> {
    const { actionId, attempts: attempt } = execution;
    const recorded = await this.db.transaction(async (m) => {
      if (!(await this.repo.completeExecution(m, actionId, attempt, result))) return false;
      await this.repo.finishAttempt(m, actionId, 'execute', attempt, { outcome: 'succeeded', externalReference: result.externalReference, durationMs });
      const event = outcomeEvent(EventTypes.ActionExecutedV1, { ...this.outcomeOf(execution), externalReference: result.externalReference });
      await this.outbox.enqueue(m, [{ topic: Topics.ActionsOutcomesV1, event }]);
      return true;
    });
    this.observe(execution, 'succeeded', durationMs);
    if (!recorded) {
      this.log.warn('late answer ignored: another attempt has taken the execution over', { actionId, attempt });
      return;
    }
    this.relay.wake();
    this.metrics.outcomes.inc({ outcome: ExecutionStates.Executed });
    this.log.info('action executed', { actionId, adapter: execution.adapter, externalReference: result.externalReference, attempt });
  }

  private async attemptFailed(execution: ExecutionRow, failure: AdapterError, durationMs: number): Promise<void> {
    const { actionId, attempts: attempt } = execution;
    const next = afterFailure(this.config.retry, attempt, failure);
    const end = {
      outcome: failure.retriable ? ('retriable-failure' as const) : ('final-failure' as const),
      errorCode: failure.code,
      error: failure.message,
      externalReference: failure.externalReference,
      durationMs,
    };
    this.observe(execution, end.outcome, durationMs);
    if (next.kind === 'retry') {
      const scheduled = await this.db.transaction(async (m) => {
        if (!(await this.repo.scheduleRetry(m, actionId, attempt, next.delayMs, failure.message))) return false;
        await this.repo.finishAttempt(m, actionId, 'execute', attempt, end);
        return true;
      });
      if (scheduled) this.log.warn('attempt failed; will retry', { actionId, attempt, code: failure.code, error: failure.message, retryInMs: next.delayMs });
      return;
    }
    const error = failure.retriable ? `gave up after ${attempt} attempts: ${failure.message}` : failure.message;
    const recorded = await this.db.transaction(async (m) => {
      if (!(await this.repo.failExecution(m, actionId, attempt, error, failure.externalReference))) return false;
      await this.repo.finishAttempt(m, actionId, 'execute', attempt, end);
      const event = outcomeEvent(EventTypes.ActionFailedV1, { ...this.outcomeOf(execution), externalReference: failure.externalReference, error });
      await this.outbox.enqueue(m, [{ topic: Topics.ActionsOutcomesV1, event }]);
      return true;
    });
    if (!recorded) return;
    this.relay.wake();
    this.metrics.outcomes.inc({ outcome: ExecutionStates.Failed });
    this.log.warn('action failed', { actionId, adapter: execution.adapter, code: failure.code, error, attempts: attempt });
  }

  private outcomeOf(execution: ExecutionRow) {
    return { actionId: execution.actionId, actionType: execution.actionType, adapter: execution.adapter, attempts: execution.attempts };
  }

  private observe(execution: ExecutionRow, outcome: string, durationMs: number): void {
    this.metrics.attempts.inc({ adapter: execution.adapter, kind: 'execute', outcome });
    this.metrics.attemptSeconds.observe({ adapter: execution.adapter, kind: 'execute' }, durationMs / 1000);
  }
}
