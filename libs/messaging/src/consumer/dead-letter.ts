// Builds the dead-letter event (CONTRACT.md section 4) for a record that cannot be accepted or
// handled: where it came from, which stage refused it, a stable error code, the reason, and the
// original value as a string cut at 64 KiB.
import { randomUUID } from 'node:crypto';
import { CloudEvent, DeadLetterV1, deadLetterOriginal, DEAD_LETTER_UNKNOWN_SUBJECT, EventTypes } from '@governor/contracts';

export interface FailedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
}

export function deadLetterEvent(
  record: FailedRecord,
  stage: string,
  errorCode: string,
  error: string,
  now: Date = new Date(),
): CloudEvent<DeadLetterV1> {
  const key = record.key === null ? '' : record.key.toString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `urn:governor:${stage}`,
    type: EventTypes.DeadLetterV1,
    subject: key.length > 0 ? key : DEAD_LETTER_UNKNOWN_SUBJECT,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      stage,
      errorCode,
      error: error.slice(0, 4_096),
      original: deadLetterOriginal(record.value),
    },
  };
}
