// The records data-quality would publish on internal.quality-scored.v1, built from
// the contract's example scored event with our own source event inside and our own score.
import {
  type ContractEvent,
  domainOfTopic,
  EventTypes,
  type SourceTopicName,
  topicOfEventType,
} from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName } from './environment';

type SourceType =
  | typeof EventTypes.InventoryLevelReportedV1
  | typeof EventTypes.InventoryDemandRecordedV1
  | typeof EventTypes.ProcurementSupplierTermsUpdatedV1
  | typeof EventTypes.ProcurementSupplierDeliveryRecordedV1
  | typeof EventTypes.OrdersSalesOrderPlacedV1
  | typeof EventTypes.OrdersShipmentStatusReportedV1
  | typeof EventTypes.CreditCustomerExposureUpdatedV1;

/** A source event of `type` with a fresh id, the given subject and data, happening at `time`. */
export function sourceEvent<K extends SourceType>(
  type: K,
  subject: string,
  data: ContractEvent<K>['data'],
  time = new Date().toISOString(),
): ContractEvent<K> {
  const event = exampleEvent(type);
  return { ...event, id: uniqueName('src'), subject, time, data };
}

/** The scored event data-quality would publish for `source`, with `score` and `issues`. */
export function scored(
  source: ContractEvent<SourceType>,
  score: number,
  issues: string[] = [],
): ContractEvent<typeof EventTypes.QualityEventScoredV1> {
  const wrapper = exampleEvent(EventTypes.QualityEventScoredV1);
  const sourceTopic = topicOfEventType(source.type) as SourceTopicName;
  const dimension = { score, issues };
  return {
    ...wrapper,
    id: uniqueName('scored'),
    subject: source.subject,
    time: new Date().toISOString(),
    data: {
      ...wrapper.data,
      sourceTopic,
      domain: domainOfTopic(sourceTopic) ?? wrapper.data.domain,
      event: { ...source, data: { ...source.data } },
      score,
      dimensions: {
        completeness: dimension,
        validity: dimension,
        timeliness: dimension,
        consistency: dimension,
        uniqueness: dimension,
      },
      issues,
      scoredAt: new Date().toISOString(),
    },
  };
}

/** `count` consecutive calendar dates from `first`. */
export function dates(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** The UTC date `days` after the date of an RFC 3339 timestamp. */
export function dateAfter(timestamp: string, days: number): string {
  return dates(timestamp.slice(0, 10), days + 1)[days];
}
