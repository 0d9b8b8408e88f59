// The events data-quality publishes, as CloudEvents: each scored source event and each feed's
// health. A scored event's id is derived from the source event's (source, id), so a replay of the
// same source event yields the same id and downstream inboxes drop the repeat.
import { domainOfTopic, envelope, EventTypes, feedHealthSubject, nameBasedId } from '@governor/contracts';
import type { AuditEntryRequestedV1, ContractEvent, FeedHealthReportedV1, SourceTopicName } from '@governor/contracts';
import type { QualityScore } from '../domain/score-event';
import type { SourceEvent } from '../domain/source-event';
import { SERVICE_NAME } from '../config';

export const SERVICE_SOURCE = `urn:governor:${SERVICE_NAME}`;

// Fixed namespace of the scored events' ids (a random UUID, chosen once).
const SCORED_EVENT_NAMESPACE = '6f1d3c52-8a47-4e0b-9d2c-5b7e1a90c3f4';

type ScoredEvent = ContractEvent<typeof EventTypes.QualityEventScoredV1>;
type FeedHealthEvent = ContractEvent<typeof EventTypes.FeedHealthReportedV1>;
type AuditEntryEvent = ContractEvent<typeof EventTypes.AuditEntryRequestedV1>;

export function scoredEvent(event: SourceEvent, topic: SourceTopicName, result: QualityScore, scoredAt: Date): ScoredEvent {
  const domain = domainOfTopic(topic);
  if (!domain) throw new Error(`${topic} is not a source topic`);
  return envelope(EventTypes.QualityEventScoredV1, {
    id: nameBasedId(SCORED_EVENT_NAMESPACE, `${event.source}\u0000${event.id}`),
    source: SERVICE_SOURCE,
    subject: event.subject,
    time: scoredAt,
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
  });
}

export function feedHealthEvent(report: FeedHealthReportedV1): FeedHealthEvent {
  return envelope(EventTypes.FeedHealthReportedV1, {
    source: SERVICE_SOURCE,
    subject: feedHealthSubject(report.feedSource, report.topic),
    time: report.reportedAt,
    data: report,
  });
}

/** An entry for policy-enforcement's audit log (internal.audit-entries.v1). */
export function auditEntryEvent(entry: Omit<AuditEntryRequestedV1, 'service'>, at: Date): AuditEntryEvent {
  return envelope(EventTypes.AuditEntryRequestedV1, {
    source: SERVICE_SOURCE,
    subject: entry.subject,
    time: at,
    data: { service: SERVICE_NAME, ...entry },
  });
}
