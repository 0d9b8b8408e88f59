// How Governor's own services wrap what they publish: one function for every event they make, so
// the envelope's fixed attributes are written once and the payload's type follows from the event
// type. And the one name-based id: the same names always give the same id (a replay of the same
// facts makes the same events, which the consumers' inboxes then recognise).
import { createHash, randomUUID } from 'node:crypto';
import type { ContractEvent, EventDataMap } from '../registry/data-classes';
import type { EventType } from '../registry/event-types';
import { CLOUDEVENTS_SPEC_VERSION, DATA_CONTENT_TYPE } from './cloud-event';

export interface EnvelopeFields<K extends EventType> {
  source: string;
  subject: string;
  data: EventDataMap[K];
  /** A fresh random UUID unless given (e.g. a nameBasedId, for events a replay must repeat). */
  id?: string;
  /** When it happened; now unless given. */
  time?: string | Date;
}

/** A contract event of `type`, ready to publish. */
export function envelope<K extends EventType>(type: K, fields: EnvelopeFields<K>): ContractEvent<K> {
  const time = fields.time ?? new Date();
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type,
    subject: fields.subject,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: DATA_CONTENT_TYPE,
    data: fields.data,
  };
}

/** RFC 4122 name-based UUID, version 5 (SHA-1 of the namespace UUID and the name). */
export function nameBasedId(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
