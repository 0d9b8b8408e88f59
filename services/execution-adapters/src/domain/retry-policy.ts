// When to try an execution again: transient failures are retried with exponential backoff and
// jitter until the configured number of attempts is used up; a final failure is never retried.
// A call the target's open circuit refused never reached the target: it does not use up one of the
// attempts, and it is tried again once the circuit may let a call through.
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long an open circuit refuses calls before it lets one through (the breaker's reset time). */
  circuitResetMs: number;
}

/** The code of a failure that was a refusal by the target's open circuit, not a call. */
export const CIRCUIT_OPEN = 'circuit-open';

export type AfterFailure = { kind: 'retry'; delayMs: number } | { kind: 'refused'; delayMs: number } | { kind: 'fail' };

/**
 * The delay after `attemptsDone` failed attempts: the step doubles each time up to the maximum,
 * and the delay is drawn from the upper half of the step, so retries of many actions that failed
 * together spread out but never come at once.
 */
export function retryDelayMs(policy: RetryPolicy, attemptsDone: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsDone - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * What follows a failed attempt. `attemptsDone` counts the attempts that reached the target
 * (refusals by an open circuit are not among them). A refusal waits out the circuit's reset time
 * and up to half as long again, so the actions it refused together do not all come back at once.
 */
export function afterFailure(
  policy: RetryPolicy,
  attemptsDone: number,
  failure: { retriable: boolean; code?: string },
  random: () => number = Math.random,
): AfterFailure {
  if (failure.retriable && failure.code === CIRCUIT_OPEN) {
    return { kind: 'refused', delayMs: policy.circuitResetMs + Math.round((random() * policy.circuitResetMs) / 2) };
  }
  if (!failure.retriable || attemptsDone >= policy.maxAttempts) return { kind: 'fail' };
  return { kind: 'retry', delayMs: retryDelayMs(policy, attemptsDone, random) };
}

/** Whether no retry can follow this attempt; `attempt` counts the attempts that reached the target. */
export function isFinalAttempt(policy: RetryPolicy, attempt: number): boolean {
  return attempt >= policy.maxAttempts;
}
