// The one interface every target system is reached through: `execute` an approved action and get
// the target's reference for what it did, `compensate` a completed execution by running the action
// type's inverse. Adapters report failures as AdapterError, which says whether trying again can help.
import type { ActionApprovedV1, ActionType } from '@governor/contracts';

export type ApprovedAction = ActionApprovedV1;

export interface ExecutionResult {
  /** The target's id for what it did, e.g. the purchase order number. */
  externalReference: string;
  /** What the inverse will need later, e.g. the priority the order had before. */
  details: Record<string, unknown>;
}

/** An execution that completed, as compensation sees it. */
export interface CompletedExecution {
  actionId: string;
  actionType: ActionType;
  idempotencyKey: string;
  parameters: Record<string, unknown>;
  externalReference: string;
  details: Record<string, unknown>;
}

export interface CompensationResult {
  /** The target's id for the undoing, e.g. the cancelled order or the restored hold. */
  externalReference: string;
}

export interface ExecuteOptions {
  /** No retry follows this attempt: a half-done multi-step action must be undone now. */
  finalAttempt: boolean;
  /** What an earlier attempt left in the target (e.g. the transfer it issued), as the execution recorded it. */
  earlierReference?: string | null;
}

export interface ExecutionAdapter {
  readonly name: string;
  /** Whether this adapter can carry out the action type at all. */
  supports(actionType: ActionType): boolean;
  /** In words, what compensation of this action type does; null when it has no inverse. */
  inverseOf(actionType: ActionType): string | null;
  execute(action: ApprovedAction, options: ExecuteOptions): Promise<ExecutionResult>;
  compensate(execution: CompletedExecution): Promise<CompensationResult>;
}

/** A failure reaching or using a target, with a stable code and whether a retry can help. */
export class AdapterError extends Error {
  constructor(
    readonly code: string,
    readonly retriable: boolean,
    message: string,
    /** A reference to what was done before the failure (e.g. a transfer that was then reversed). */
    readonly externalReference?: string,
  ) {
    super(message);
    this.name = 'AdapterError';
  }
}

/**
 * The code of a final failure that left part of the action done in the target, which the adapter
 * could not undo either (a transfer issued whose receipt and reversal both failed): the failure
 * names what is left (`externalReference`), and the execution waits for an operator to compensate it.
 */
export const LEFT_HALF_DONE = 'compensation-failed';

/** Whether a final failure left something in the target for a person to undo. */
export function leftHalfDone(failure: AdapterError): failure is AdapterError & { externalReference: string } {
  return failure.code === LEFT_HALF_DONE && failure.externalReference !== undefined;
}

/** Any thrown value as an AdapterError; unknown errors are treated as transient. */
export function asAdapterError(error: unknown): AdapterError {
  if (error instanceof AdapterError) return error;
  return new AdapterError('adapter-error', true, error instanceof Error ? error.message : String(error));
}
