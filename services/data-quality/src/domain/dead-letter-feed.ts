// Which feed a dead-lettered source record came from. Invalid records never reach the scoring
// handler, so invalid counts per feed come from the dead letters: their `topic` names the source
// topic and their `original` holds the refused value as text, which may be anything (not JSON,
// cut at 64 KiB), so the `source` is looked for leniently and `unknown` stands in when absent.
import { SOURCE_TOPIC_VALUES } from '@governor/contracts';
import type { SourceTopicName } from '@governor/contracts';

export const UNKNOWN_FEED_SOURCE = 'unknown';

/** Longer "sources" are garbage; refusing them keeps garbage from creating feeds. */
const MAX_SOURCE_LENGTH = 256;

export interface FeedKey {
  topic: SourceTopicName;
  feedSource: string;
}

/** A feed as one string, `<source>|<topic>`: how DQ_FEED_STALE_AFTER_SECONDS names it, and its settings are looked up. */
export function feedName(feed: { feedSource: string; topic: string }): string {
  return `${feed.feedSource}|${feed.topic}`;
}

/** The feed of a dead letter, or undefined when it is not about a source topic. */
export function feedOfDeadLetter(deadLetter: { topic: string; original: string }): FeedKey | undefined {
  const topic = SOURCE_TOPIC_VALUES.find((t) => t === deadLetter.topic);
  if (!topic) return undefined;
  return { topic, feedSource: sourceIn(deadLetter.original) ?? UNKNOWN_FEED_SOURCE };
}

function sourceIn(original: string): string | undefined {
  const parsed = tryParse(original);
  const candidate = parsed !== undefined ? sourceField(parsed) : sourceByPattern(original);
  return candidate !== undefined && isPlausibleSource(candidate) ? candidate : undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sourceField(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const source = (json as Record<string, unknown>).source;
  return typeof source === 'string' ? source : undefined;
}

/** For text that is not (or no longer, once cut) JSON: the first `"source": "..."` in it. */
function sourceByPattern(text: string): string | undefined {
  const match = /"source"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (!match) return undefined;
  const decoded = tryParse(`"${match[1]}"`);
  return typeof decoded === 'string' ? decoded : undefined;
}

/** No whitespace and no control characters (U+0000 in particular, which Postgres cannot store). */
function isPlausibleSource(source: string): boolean {
  return source.length > 0 && source.length <= MAX_SOURCE_LENGTH && /^[^\s\p{Cc}]+$/u.test(source);
}
