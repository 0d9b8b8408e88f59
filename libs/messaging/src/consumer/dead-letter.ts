// Builds the dead-letter event (docs/contract.md section 4) for a record that cannot be accepted or
// handled: where it came from, which stage refused it, a stable error code, the reason, and the
// original value as a string cut at 64 KiB.
import type { KafkaMessage } from 'kafkajs';
import { envelope, CloudEvent, DeadLetterV1, deadLetterOriginal, DEAD_LETTER_UNKNOWN_SUBJECT, EventTypes, Topics } from '@governor/contracts';
import type { OutgoingRecord } from '../producer/event-publisher';

/** A record of a partition that a stage refused, and why. */
export interface Refusal {
  message: KafkaMessage;
  code: string;
  error: string;
}

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
  return envelope(EventTypes.DeadLetterV1, {
    source: `urn:governor:${stage}`,
    subject: key.length > 0 ? key : DEAD_LETTER_UNKNOWN_SUBJECT,
    time: now.toISOString(),
    data: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      stage,
      errorCode,
      error: error.slice(0, 4_096),
      original: deadLetterOriginal(record.value),
    },
  });
}

/** The dead letters of a partition's refused records, for the dead-letter topic. */
export function deadLetterRecords(topic: string, partition: number, refused: readonly Refusal[], stage: string): OutgoingRecord[] {
  return refused.map(({ message, code, error }) => ({
    topic: Topics.DeadLetterV1,
    event: deadLetterEvent({ topic, partition, offset: message.offset, key: message.key, value: message.value }, stage, code, error),
  }));
}
