// kafkajs clients made by createKafka, on the real broker: an idle connection no longer checks its
// request queue every millisecond nor looks for timed-out requests every 100 ms, requests that had
// to wait in the queue (one in flight at a time) are all still sent and answered, and a request that
// gets no answer still times out.
import { testKafkaBrokers, createTestTopic } from '@governor/testing';
import { createKafka } from '..';
import { kafkajsRequestQueue, REQUEST_TIMEOUT_CHECK_MS } from './request-queue-fix';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ignore = (): void => undefined;

describe('createKafka and kafkajs request queues', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'request-queue-test' });
  const admin = kafka.admin();
  const prototype = kafkajsRequestQueue().prototype as unknown as { checkPendingRequests(): void };
  const original = prototype.checkPendingRequests;
  let checks = 0;

  beforeAll(async () => {
    prototype.checkPendingRequests = function counted(this: unknown) {
      checks += 1;
      original.call(this);
    };
    await admin.connect();
  });

  afterAll(async () => {
    prototype.checkPendingRequests = original;
    await admin.disconnect();
  });

  it('leaves an idle connection alone once its requests are answered', async () => {
    await admin.listTopics();
    await admin.fetchTopicMetadata();
    await sleep(100);
    checks = 0;
    await sleep(1_000);
    // kafkajs as released re-checks every connection's empty queue about once a millisecond
    // (hundreds of checks in this second); with the fix an idle connection does nothing.
    expect(checks).toBeLessThan(20);
  });

  it('still sends every request that waited in the queue behind one in flight', async () => {
    const topic = await createTestTopic(admin, 'request-queue', 1);
    const producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      checks = 0;
      const sends = Array.from({ length: 40 }, (_, i) =>
        producer.send({ topic, messages: [{ key: 'k', value: String(i) }] }),
      );
      const results = await Promise.all(sends);
      expect(results).toHaveLength(40);
      expect(checks).toBeGreaterThan(0);
      const [{ high }] = await admin.fetchTopicOffsets(topic);
      expect(Number(high)).toBe(40);
    } finally {
      await producer.disconnect();
    }
  });

  it('looks for timed-out requests once a second, and still times out a request that gets no answer', async () => {
    const queueClass = kafkajsRequestQueue() as unknown as new (options: object) => {
      inflight: Map<number, object>;
      scheduleRequestTimeoutCheck(): void;
      destroy(): void;
    };
    const intervals: number[] = [];
    const setIntervalBefore = global.setInterval;
    global.setInterval = ((fn: () => void, ms: number) => {
      intervals.push(ms);
      return setIntervalBefore(fn, ms);
    }) as typeof setInterval;
    const queue = new queueClass({
      instrumentationEmitter: null,
      maxInFlightRequests: null,
      requestTimeout: 30_000,
      enforceRequestTimeout: true,
      clientId: 'request-queue-test',
      broker: '127.0.0.1:1',
      logger: { namespace: () => ({ debug: ignore, info: ignore, warn: ignore, error: ignore }) },
      isConnected: () => true,
    });
    try {
      queue.scheduleRequestTimeoutCheck();
      expect(intervals).toEqual([REQUEST_TIMEOUT_CHECK_MS]);
      let timedOut = false;
      queue.inflight.set(1, { sentAt: Date.now() - 31_000, requestTimeout: 30_000, timeoutRequest: () => (timedOut = true) });
      await sleep(REQUEST_TIMEOUT_CHECK_MS + 200);
      expect(timedOut).toBe(true);
    } finally {
      global.setInterval = setIntervalBefore;
      queue.destroy();
    }
  });
});
