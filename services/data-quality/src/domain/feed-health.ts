// The health of one feed (one CloudEvents `source` on one source topic) over a sliding window:
// rate, time since its last record, invalid ratio and mean score. A feed that stops is the
// commonest failure, so a feed is reported every interval whether it spoke or not, and is stale
// once its silence outlasts `staleAfterSeconds`.
//
// Its silence counts only once it is a feed someone relies on: one declared (expected, or given a
// stale period of its own), or one that has kept speaking for at least its stale period. A source
// seen once (a stray test event, a publisher's mistyped source) or a one-off batch is reported but
// never stale; otherwise its silence, which is all it will ever do, would take its domain's health
// down for good and send the domain to manual fallback. `unknown`, which stands in for records
// whose source could not be read, is not a feed and is never stale either.
import { domainOfTopic } from '@governor/contracts';
import type { FeedHealthReportedV1, SourceTopicName } from '@governor/contracts';
import { secondsBetween } from './calendar';
import { UNKNOWN_FEED_SOURCE } from './dead-letter-feed';
import { round4 } from './dimension';

export interface FeedWindowStats {
  topic: SourceTopicName;
  feedSource: string;
  /** Arrival of the feed's first record ever; null for an expected feed never seen. */
  firstSeenAt: Date | null;
  /** Arrival of its last record, valid or not: silence is what makes a feed stale. */
  lastEventAt: Date | null;
  /** In the window: */
  scoredCount: number;
  scoreSum: number;
  invalidCount: number;
}

export interface FeedHealthSettings {
  windowSeconds: number;
  staleAfterSeconds: number;
  /** Registered in the source registry or given its own stale period: its silence counts from the start. */
  declared: boolean;
  /** Its source is registered for the topic, or the topic is open (domain/source-registry.ts). */
  trusted: boolean;
}

/** Whether the feed's silence can make it stale (see the header). */
export function silenceCounts(stats: Pick<FeedWindowStats, 'feedSource' | 'firstSeenAt' | 'lastEventAt'>, settings: FeedHealthSettings): boolean {
  if (stats.feedSource === UNKNOWN_FEED_SOURCE) return false;
  if (settings.declared) return true;
  if (!stats.firstSeenAt || !stats.lastEventAt) return false;
  return secondsBetween(stats.firstSeenAt, stats.lastEventAt) >= settings.staleAfterSeconds;
}

export function feedHealth(stats: FeedWindowStats, now: Date, settings: FeedHealthSettings): FeedHealthReportedV1 {
  const eventCount = stats.scoredCount + stats.invalidCount;
  const sinceLast = stats.lastEventAt ? Math.max(0, secondsBetween(stats.lastEventAt, now)) : null;
  // A feed younger than the window has had less time to speak: divide by the time it has had.
  const observed = stats.firstSeenAt
    ? Math.min(settings.windowSeconds, Math.max(1, secondsBetween(stats.firstSeenAt, now)))
    : settings.windowSeconds;
  const domain = domainOfTopic(stats.topic);
  if (!domain) throw new Error(`${stats.topic} is not a source topic`);
  return {
    feedSource: stats.feedSource,
    topic: stats.topic,
    domain,
    windowSeconds: Math.max(1, Math.round(settings.windowSeconds)),
    eventCount,
    invalidCount: stats.invalidCount,
    eventsPerMinute: round4((eventCount / observed) * 60),
    secondsSinceLastEvent: sinceLast === null ? null : round4(sinceLast),
    staleAfterSeconds: settings.staleAfterSeconds,
    stale: silenceCounts(stats, settings) && (sinceLast === null || sinceLast > settings.staleAfterSeconds),
    invalidRatio: eventCount === 0 ? 0 : round4(stats.invalidCount / eventCount),
    meanScore: stats.scoredCount === 0 ? null : round4(stats.scoreSum / stats.scoredCount),
    reportedAt: now.toISOString(),
    trusted: settings.trusted,
  };
}

/** Window buckets: about 60 per window, never under a second. */
export function bucketSecondsFor(windowSeconds: number): number {
  return Math.max(1, Math.ceil(windowSeconds / 60));
}

/** The start of the bucket an arrival falls in. */
export function bucketStart(arrival: Date, bucketSeconds: number): Date {
  const size = bucketSeconds * 1_000;
  return new Date(Math.floor(arrival.getTime() / size) * size);
}
