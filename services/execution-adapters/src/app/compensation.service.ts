// Runs the inverse of an executed action on an operator's request (POST
// /executions/{actionId}/compensate) and publishes action.compensated.v1. Like execution, the
// attempt is committed as `compensating` (with a lease) before the target is called, and the call
// carries a key derived from the action's, so a crash mid-way is finished by the RetryScheduler
// without undoing twice. A transient failure puts the execution back where it was (`executed`, or
// `compensation-failed`: a half-done action the adapter could not undo, or an earlier try that
// failed) for the operator to try again; a final one leaves it `compensation-failed`, with the
// target's reason.
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventTypes, Topics } from '@governor/contracts';
import { Outbox, OutboxRelay } from '@governor/messaging';
import type { Logger } from '@governor/messaging';
import { ApiError, conflict, notFound, SERVICE_CONFIG } from '@governor/nest';
import type { ExecutionConfig } from '../config';
import { asAdapterError, CompensationResult, CompletedExecution } from '../domain/adapter';
import { COMPENSABLE_STATES, type ExecutionState, ExecutionStates } from '../domain/execution-states';
import { outcomeEvent } from '../domain/outcome-events';
import { AdapterRegistry } from '../infra/adapter-registry';
import { ExecutionRepository, ExecutionRow } from '../infra/execution.repository';
import { ExecutionMetrics } from './execution-metrics';
import { EXECUTION_LOGGER } from './execution.tokens';

type CompensationEnd = { kind: 'compensated' } | { kind: 'retriable' | 'failed'; error: string };

@Injectable()
export class CompensationService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ExecutionConfig,
    @Inject(ExecutionRepository) private readonly repo: ExecutionRepository,
    @Inject(AdapterRegistry) private readonly adapters: AdapterRegistry,
    @Inject(ExecutionMetrics) private readonly metrics: ExecutionMetrics,
    @Inject(EXECUTION_LOGGER) private readonly log: Logger,
  ) {}

  /** The operator's request: answers with an ApiError when it cannot be done or did not work. */
  async request(actionId: string, userId: string): Promise<void> {
    const { execution, before } = await this.db.transaction(async (m) => {
      const row = await this.repo.lock(m, actionId);
      if (!row) throw notFound('execution-not-found', `no execution of action ${actionId}`);
      this.assertCompensable(row);
      return { execution: await this.repo.claimCompensation(m, actionId, this.config.leaseMs, userId), before: row.state };
    });
    this.log.info('compensation requested', { actionId, by: userId, attempt: execution.compensationAttempts });
    const end = await this.run(execution, before);
    if (end.kind === 'retriable') throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'target-unavailable', end.error);
    if (end.kind === 'failed') throw new ApiError(HttpStatus.BAD_GATEWAY, 'compensation-failed', end.error);
  }

  /** Finishes a compensation whose owner went away (its lease ran out). */
  async resume(actionId: string): Promise<void> {
    const execution = await this.db.transaction(async (m) => {
      const row = await this.repo.lock(m, actionId);
      const abandoned = row?.state === ExecutionStates.Compensating && row.leaseUntil !== null && row.leaseUntil.getTime() < Date.now();
      return abandoned ? this.repo.claimCompensation(m, actionId, this.config.leaseMs, null) : undefined;
    });
    // Which state it was compensated from is not kept; an execution with no outcome recorded was half-done.
    if (execution) await this.run(execution, execution.executedAt ? ExecutionStates.Executed : ExecutionStates.CompensationFailed);
  }

  private assertCompensable(row: ExecutionRow): void {
    if (row.state === ExecutionStates.Compensated) {
      throw conflict('already-compensated', `action ${row.actionId} was compensated at ${row.compensatedAt?.toISOString()}`);
    }
    if (row.state === ExecutionStates.Compensating) {
      throw conflict('compensation-in-progress', `action ${row.actionId} is being compensated`);
    }
    if (!COMPENSABLE_STATES.includes(row.state)) {
      throw conflict('not-compensable', `only an executed action can be compensated; action ${row.actionId} is ${row.state}`);
    }
    if (this.adapters.get(row.adapter)?.inverseOf(row.actionType) == null) {
      throw conflict('no-inverse', `${row.actionType} has no inverse`);
    }
  }

  /** Runs the inverse; a transient failure goes back to `before`, the state it was compensated from. */
  private async run(execution: ExecutionRow, before: ExecutionState): Promise<CompensationEnd> {
    const { actionId, compensationAttempts: attempt, adapter: adapterName } = execution;
    const started = Date.now();
    let result: CompensationResult;
    try {
      const adapter = this.adapters.get(adapterName);
      if (!adapter) throw new Error(`no adapter "${adapterName}" is configured`);
      result = await adapter.compensate(this.completed(execution));
    } catch (error) {
      const failure = asAdapterError(error);
      const durationMs = Date.now() - started;
      const outcome = failure.retriable ? 'retriable-failure' : 'final-failure';
      const state = failure.retriable ? before : ExecutionStates.CompensationFailed;
      await this.db.transaction(async (m) => {
        if (await this.repo.endCompensation(m, actionId, attempt, state, { error: failure.message })) {
          await this.repo.finishAttempt(m, actionId, 'compensate', attempt, { outcome, errorCode: failure.code, error: failure.message, durationMs });
        }
      });
      this.observe(adapterName, outcome, durationMs);
      this.log.warn('compensation failed', { actionId, code: failure.code, error: failure.message, retriable: failure.retriable });
      return { kind: failure.retriable ? 'retriable' : 'failed', error: failure.message };
    }
    const durationMs = Date.now() - started;
    const recorded = await this.db.transaction(async (m) => {
      if (!(await this.repo.endCompensation(m, actionId, attempt, ExecutionStates.Compensated, { reference: result.externalReference }))) {
        return false;
      }
      await this.repo.finishAttempt(m, actionId, 'compensate', attempt, { outcome: 'succeeded', externalReference: result.externalReference, durationMs });
      // The reference of what was undone (the cancelled order), as the executed event named it.
      const event = outcomeEvent(EventTypes.ActionCompensatedV1, {
        actionId,
        actionType: execution.actionType,
        adapter: adapterName,
        externalReference: execution.externalReference ?? result.externalReference,
        attempts: attempt,
      });
      await this.outbox.enqueue(m, [{ topic: Topics.ActionsOutcomesV1, event }]);
      return true;
    });
    this.observe(adapterName, 'succeeded', durationMs);
    if (recorded) {
      this.relay.wake();
      this.metrics.outcomes.inc({ outcome: ExecutionStates.Compensated });
      this.log.info('action compensated', { actionId, externalReference: execution.externalReference, compensationReference: result.externalReference });
    }
    return { kind: 'compensated' };
  }

  private completed(execution: ExecutionRow): CompletedExecution {
    return {
      actionId: execution.actionId,
      actionType: execution.actionType,
      idempotencyKey: execution.idempotencyKey,
      parameters: execution.approved.parameters,
      externalReference: execution.externalReference ?? '',
      details: execution.details ?? {},
    };
  }

  private observe(adapter: string, outcome: string, durationMs: number): void {
    this.metrics.attempts.inc({ adapter, kind: 'compensate', outcome });
    this.metrics.attemptSeconds.observe({ adapter, kind: 'compensate' }, durationMs / 1000);
  }
}
