// The trusted sources: which CloudEvents `source` may publish which event types (and so on which
// topics), each with the person or team that owns it. A record whose source is not registered for
// its type is still scored, as untrusted: the trust dimension names the issue and scales the
// score down, and its feed is reported untrusted. Whether untrusted data may drive an automatic
// action is left to policy (its data-quality score is what policy sees).
//
// A topic nobody has registered a source for is open: every source on it is trusted, as before the
// registry existed, so a deployment (or a test) that registers nothing scores as it always did. The
// first registration naming one of a topic's types closes that topic to every other source.
import { SOURCE_TOPIC_VALUES, topicOfEventType, type EventType } from '@governor/contracts';
import type { FeedKey } from './dead-letter-feed';
import { issue, type DimensionScore } from './dimension';
import { MASTER_DATA_EVENT_TYPES } from './master-data-event';
import { SOURCE_EVENT_TYPES } from './source-event';

/** What a source may be registered for: the source events data-quality scores and master data. */
export const REGISTRABLE_EVENT_TYPES: readonly EventType[] = [...SOURCE_EVENT_TYPES, ...MASTER_DATA_EVENT_TYPES];

export interface RegisteredSource {
  /** The CloudEvents `source` URI-reference, e.g. `urn:wms:dc-east`. */
  source: string;
  /** Who answers for what it publishes. */
  owner: string;
  /** The event types it may publish, sorted. */
  eventTypes: string[];
  description: string;
  registeredBy: string;
  registeredAt: Date;
}

export const UNTRUSTED_SOURCE = 'untrusted-source';

export class SourceRegistry {
  private readonly bySource: ReadonlyMap<string, RegisteredSource>;
  /** Topics with at least one registered source: closed to every other source. */
  private readonly governedTopics: ReadonlySet<string>;

  constructor(readonly entries: readonly RegisteredSource[]) {
    this.bySource = new Map(entries.map((entry) => [entry.source, entry]));
    this.governedTopics = new Set(entries.flatMap((entry) => entry.eventTypes.map((type) => topicOf(type))));
  }

  static readonly EMPTY = new SourceRegistry([]);

  get(source: string): RegisteredSource | undefined {
    return this.bySource.get(source);
  }

  /** Whether `source` may publish `type` (always, on a topic nobody registered for). */
  trusts(source: string, type: string): boolean {
    if (!this.governedTopics.has(topicOf(type))) return true;
    return this.bySource.get(source)?.eventTypes.includes(type) ?? false;
  }

  /** Whether a feed (a source on a topic) is trusted for at least one of the topic's types, or its topic is open. */
  trustsFeed(source: string, topic: string): boolean {
    if (!this.governedTopics.has(topic)) return true;
    return this.bySource.get(source)?.eventTypes.some((type) => topicOf(type) === topic) ?? false;
  }

  /**
   * Every (source, source topic) a registration names: the declared feeds, reported (and stale)
   * before they speak. Master data is no domain's feed and has none.
   */
  feeds(): FeedKey[] {
    return this.entries.flatMap((entry) =>
      SOURCE_TOPIC_VALUES.filter((topic) => entry.eventTypes.some((type) => topicOf(type) === topic)).map((topic) => ({
        feedSource: entry.source,
        topic,
      })),
    );
  }
}

/** The trust dimension: 1 for a trusted source, `untrustedScore` otherwise. */
export function scoreTrust(event: { source: string; type: string }, registry: SourceRegistry, untrustedScore: number): DimensionScore {
  if (registry.trusts(event.source, event.type)) return { score: 1, issues: [] };
  const registered = registry.get(event.source);
  const detail = registered
    ? `${event.source} is registered (owner ${registered.owner}) but not for ${event.type}`
    : `${event.source} is not a registered source of ${topicOf(event.type)}`;
  return { score: untrustedScore, issues: [issue(UNTRUSTED_SOURCE, detail)] };
}

function topicOf(type: string): string {
  return topicOfEventType(type as EventType);
}
