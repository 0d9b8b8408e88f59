// Builds the dead-letter event (CONTRACT.md section 4) for a record that cannot be accepted or
// handled: where it came from, which stage refused it, a stable error code, the reason, and the
// original value as a string cut at 64 KiB.
import { randomUUID } from 'node:crypto';
import { CloudEvent, DEAD_LETTER_ORIGINAL_MAX_BYTES, DeadLetterV1, EventTypes } from '@governor/contracts';

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
    subject: key.length > 0 ? key : 'unknown',
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      stage,
      errorCode,
      error: error.slice(0, 4_096),
      original: cutUtf8(record.value === null ? '' : record.value.toString('utf8'), DEAD_LETTER_ORIGINAL_MAX_BYTES),
    },
  };
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
