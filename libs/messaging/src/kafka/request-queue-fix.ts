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
//
// Second, each queue also looks for requests past their timeout on an interval of its own, every
// 100 ms for as long as the connection lives: ten wake-ups a second per connection, and a service
// holds several (a consumer's group coordinator and fetch connections, a producer's), which made
// about a third of an idle service's CPU. The timeouts are 30 s and more (KafkaClient's
// requestTimeout, a fetch's wait plus it), so the queue looks once a second: a request that never
// gets an answer still fails, at most a second after its timeout.
import { createRequire } from 'node:module';

interface InflightRequest {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}

interface RequestQueue {
  pending: unknown[];
  inflight: Map<number, InflightRequest>;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  isConnected(): boolean;
  destroy(): void;
}

/** How often a connection looks for requests past their timeout (kafkajs: 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1_000;

interface RequestQueueClass {
  prototype: RequestQueue;
}

const PATCHED = Symbol.for('governor.kafkajs.request-queue-fix');

/** The class kafkajs builds its connections' queues from (not part of its public API). */
export function kafkajsRequestQueue(): RequestQueueClass {
  return createRequire(require.resolve('kafkajs'))('./src/network/requestQueue') as RequestQueueClass;
}

/** Stops kafkajs's idle 1 ms timer loop and slows its 100 ms timeout check; idempotent. Called by createKafka before any client exists. */
export function fixKafkajsRequestQueue(): void {
  const prototype = kafkajsRequestQueue().prototype as RequestQueue & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const schedule = prototype.scheduleCheckPendingRequests;
  for (const method of ['scheduleCheckPendingRequests', 'scheduleRequestTimeoutCheck', 'destroy'] as const) {
    if (typeof prototype[method] !== 'function') {
      throw new Error(`kafkajs changed: RequestQueue.${method} is gone; revisit libs/messaging/src/kafka/request-queue-fix.ts`);
    }
  }
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue): void {
    if (this.pending.length === 0) return;
    schedule.call(this);
  };
  // kafkajs's own, but once a second (its destroy() clears the interval).
  prototype.scheduleRequestTimeoutCheck = function scheduleRequestTimeoutCheck(this: RequestQueue): void {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(() => {
      const now = Date.now();
      this.inflight.forEach((request) => {
        if (now - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    }, Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS));
  };
  prototype[PATCHED] = true;
}
