import { Topics } from '@governor/contracts';
import { bucketSecondsFor, bucketStart, feedHealth, type FeedWindowStats } from './feed-health';

const now = new Date('2025-03-03T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1_000);
const stats = (over: Partial<FeedWindowStats>): FeedWindowStats => ({
  topic: Topics.SourceInventoryV1,
  feedSource: 'urn:wms:dc-east',
  firstSeenAt: ago(1_000),
  lastEventAt: ago(5),
  scoredCount: 0,
  scoreSum: 0,
  invalidCount: 0,
  ...over,
});
const settings = { windowSeconds: 60, staleAfterSeconds: 30, declared: false, trusted: true };

describe('feedHealth', () => {
  it('reports rate, invalid ratio and mean score over the window: 3 scored (sum 2.4) and 1 invalid in 60 s', () => {
    expect(feedHealth(stats({ scoredCount: 3, scoreSum: 2.4, invalidCount: 1 }), now, settings)).toEqual({
      feedSource: 'urn:wms:dc-east',
      topic: Topics.SourceInventoryV1,
      domain: 'inventory',
      windowSeconds: 60,
      eventCount: 4,
      invalidCount: 1,
      eventsPerMinute: 4,
      secondsSinceLastEvent: 5,
      staleAfterSeconds: 30,
      stale: false,
      invalidRatio: 0.25,
      meanScore: 0.8,
      reportedAt: '2025-03-03T12:00:00.000Z',
      trusted: true,
    });
  });

  it('reports a feed whose source is not registered for its topic as untrusted', () => {
    expect(feedHealth(stats({ scoredCount: 1, scoreSum: 0.5 }), now, { ...settings, trusted: false }).trusted).toBe(false);
  });

  it('reports a silent feed stale once its silence outlasts staleAfterSeconds (31 s > 30 s), not at 30 s', () => {
    const silent = feedHealth(stats({ lastEventAt: ago(31) }), now, settings);
    expect(silent).toMatchObject({ stale: true, secondsSinceLastEvent: 31, eventCount: 0, eventsPerMinute: 0, invalidRatio: 0, meanScore: null });
    expect(feedHealth(stats({ lastEventAt: ago(30) }), now, settings).stale).toBe(false);
  });

  it('reports an expected feed never seen as stale with no time since its last event', () => {
    const never = feedHealth(stats({ firstSeenAt: null, lastEventAt: null }), now, { ...settings, declared: true });
    expect(never).toMatchObject({ stale: true, secondsSinceLastEvent: null, eventsPerMinute: 0 });
  });

  it('never reports stale a source that spoke once, or for less than its stale period, however long its silence', () => {
    const once = feedHealth(stats({ firstSeenAt: ago(3_600), lastEventAt: ago(3_600) }), now, settings);
    expect(once).toMatchObject({ stale: false, secondsSinceLastEvent: 3_600 });
    // A one-off batch: records over 29 s, then silence.
    expect(feedHealth(stats({ firstSeenAt: ago(629), lastEventAt: ago(600) }), now, settings).stale).toBe(false);
  });

  it('reports stale a source that spoke for its stale period (30 s) and then fell silent', () => {
    expect(feedHealth(stats({ firstSeenAt: ago(630), lastEventAt: ago(600) }), now, settings).stale).toBe(true);
  });

  it('counts the silence of a declared feed (expected, or given its own stale period) from its first record', () => {
    expect(feedHealth(stats({ firstSeenAt: ago(31), lastEventAt: ago(31) }), now, { ...settings, declared: true }).stale).toBe(true);
  });

  it('never reports stale the unknown feed of records whose source could not be read', () => {
    const unknown = stats({ feedSource: 'unknown', firstSeenAt: ago(1_000), lastEventAt: ago(100) });
    expect(feedHealth(unknown, now, settings).stale).toBe(false);
    expect(feedHealth(unknown, now, { ...settings, declared: true }).stale).toBe(false);
  });

  it('divides the rate of a feed younger than the window by its age: 5 records in 10 s is 30 a minute', () => {
    expect(feedHealth(stats({ firstSeenAt: ago(10), scoredCount: 5, scoreSum: 5 }), now, settings).eventsPerMinute).toBe(30);
  });
});

describe('window buckets', () => {
  it('uses about 60 buckets per window, at least one second each', () => {
    expect(bucketSecondsFor(300)).toBe(5);
    expect(bucketSecondsFor(61)).toBe(2);
    expect(bucketSecondsFor(30)).toBe(1);
  });

  it('puts an arrival in the bucket that starts at or before it', () => {
    expect(bucketStart(new Date('2025-03-03T12:00:07.500Z'), 5).toISOString()).toBe('2025-03-03T12:00:05.000Z');
    expect(bucketStart(new Date('2025-03-03T12:00:05.000Z'), 5).toISOString()).toBe('2025-03-03T12:00:05.000Z');
  });
});
