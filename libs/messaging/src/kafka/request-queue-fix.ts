// kafkajs 2.2.4's RequestQueue (one per broker connection) re-arms a timer after every check of its
// pending requests, even when none are pending: the timer's delay is then `throttledUntil - now`,
// which is negative, so Node runs it after 1 ms, and the check re-arms it again. From the first
// answered request on, every connection of every client spins a 1 ms timer loop for as long as it
// lives (kafkajs issues #1556 and #1704; the fix proposed upstream, PR #1667, was never released,
// and kafkajs has had no release since). On this machine that loop was most of an idle service's
// CPU, about 4% of a core in each of six services.
//
// The fix, applied once to the class: nothing pending, nothing to schedule. A pending request is
// only ever added by push(), which schedules the check itself, and an answered or timed-out request
// checks the queue directly, so no request is left waiting by it.
import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueue;
}

const PATCHED = Symbol.for('governor.kafkajs.request-queue-fix');

/** The class kafkajs builds its connections' queues from (not part of its public API). */
export function kafkajsRequestQueue(): RequestQueueClass {
  return createRequire(require.resolve('kafkajs'))('./src/network/requestQueue') as RequestQueueClass;
}

/** Stops kafkajs's idle 1 ms timer loop; idempotent. Called by createKafka before any client exists. */
export function fixKafkajsRequestQueue(): void {
  const prototype = kafkajsRequestQueue().prototype as RequestQueue & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const schedule = prototype.scheduleCheckPendingRequests;
  if (typeof schedule !== 'function') {
    throw new Error(
      'kafkajs changed: RequestQueue.scheduleCheckPendingRequests is gone; revisit libs/messaging/src/kafka/request-queue-fix.ts',
    );
  }
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue): void {
    if (this.pending.length === 0) return;
    schedule.call(this);
  };
  prototype[PATCHED] = true;
}
