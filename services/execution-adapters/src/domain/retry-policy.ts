// When to try an execution again: transient failures are retried with exponential backoff and
// jitter until the configured number of attempts is used up; a final failure is never retried.
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type AfterFailure = { kind: 'retry'; delayMs: number } | { kind: 'fail' };

/**
 * The delay after `attemptsDone` failed attempts: the step doubles each time up to the maximum,
 * and the delay is drawn from the upper half of the step, so retries of many actions that failed
 * together spread out but never come at once.
 */
export function retryDelayMs(policy: RetryPolicy, attemptsDone: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsDone - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function afterFailure(
  policy: RetryPolicy,
  attemptsDone: number,
  failure: { retriable: boolean },
  random: () => number = Math.random,
): AfterFailure {
  if (!failure.retriable || attemptsDone >= policy.maxAttempts) return { kind: 'fail' };
  return { kind: 'retry', delayMs: retryDelayMs(policy, attemptsDone, random) };
}

export function isFinalAttempt(policy: RetryPolicy, attempt: number): boolean {
  return attempt >= policy.maxAttempts;
}
