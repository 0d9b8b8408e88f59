// The events data-quality publishes, as CloudEvents: each scored source event and each feed's
// health. A scored event's id is derived from the source event's (source, id), so a replay of the
// same source event yields the same id and downstream inboxes drop the repeat.
import { createHash, randomUUID } from 'node:crypto';
import { DATA_CONTENT_TYPE, domainOfTopic, EventTypes, feedHealthSubject } from '@governor/contracts';
import type { ContractEvent, FeedHealthReportedV1, SourceTopicName } from '@governor/contracts';
import type { QualityScore } from '../domain/score-event';
import type { SourceEvent } from '../domain/source-event';
import { SERVICE_NAME } from '../config';

export const SERVICE_SOURCE = `urn:governor:${SERVICE_NAME}`;

type ScoredEvent = ContractEvent<typeof EventTypes.QualityEventScoredV1>;
type FeedHealthEvent = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;

export function scoredEvent(event: SourceEvent, topic: SourceTopicName, result: QualityScore, scoredAt: Date): ScoredEvent {
  const domain = domainOfTopic(topic);
  if (!domain) throw new Error(`${topic} is not a source topic`);
  return {
    specversion: '1.0',
    id: nameBasedUuid(EventTypes.QualityEventScoredV1, event.source, event.id),
    source: SERVICE_SOURCE,
    type: EventTypes.QualityEventScoredV1,
    subject: event.subject,
    time: scoredAt.toISOString(),
    datacontenttype: DATA_CONTENT_TYPE,
    data: {
      sourceTopic: topic,
      domain,
      // A plain copy: the original as its producer sent it, not the validated class instance.
      event: { ...event, data: { ...event.data } },
      score: result.score,
      dimensions: result.dimensions,
      issues: result.issues,
      scoredAt: scoredAt.toISOString(),
    },
  };
}

export function feedHealthEvent(report: FeedHealthReportedV1): FeedHealthEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: SERVICE_SOURCE,
    type: EventTypes.FeedHealthReportedV1,
    subject: feedHealthSubject(report.feedSource, report.topic),
    time: report.reportedAt,
    datacontenttype: DATA_CONTENT_TYPE,
    data: report,
  };
}

/** A UUID (version 5 layout, SHA-1 of the parts) that is the same for the same parts. */
export function nameBasedUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
