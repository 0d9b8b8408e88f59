// The CloudEvents 1.0 structured-mode envelope every record on every contract topic is wrapped in
// (docs/contract.md section 1): as a class to validate untrusted input, and as a type for typed code.
import { Equals, IsObject, Matches } from 'class-validator';
import { IsNonEmptyString, IsRfc3339Timestamp } from '../validation/decorators';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const DATA_CONTENT_TYPE = 'application/json';

/** The envelope attributes this contract defines, in the order the contract lists them. */
export const ENVELOPE_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'data',
] as const;
export type EnvelopeAttribute = (typeof ENVELOPE_ATTRIBUTES)[number];

/** A typed contract event; `K` narrows `type` so a union of events discriminates on it. */
export interface CloudEvent<T, K extends string = string> {
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** Unique per `source`: `(source, id)` is the de-duplication key. */
  id: string;
  /** URI-reference of the system of record, e.g. `urn:erp:plant-1000`. */
  source: string;
  type: K;
  /** The entity key; producers also use it as the Kafka record key. */
  subject: string;
  /** RFC 3339: when it happened at the source. */
  time: string;
  datacontenttype: typeof DATA_CONTENT_TYPE;
  data: T;
  /**
   * Version 1.1's extension attribute (docs/contract.md section 7): a compact JWS with a detached payload
   * (`header..signature`) over the RFC 8785 canonical JSON of `data`. Approved actions always carry
   * it; agent proposals carry it when the agent has a registered key.
   */
  signature?: string;
}

/** The name of the signature extension attribute. */
export const SIGNATURE_ATTRIBUTE = 'signature';

/** Validates the envelope only; `data` is checked against its type's class afterwards. */
export class CloudEventEnvelope {
  @Equals(CLOUDEVENTS_SPEC_VERSION) specversion!: typeof CLOUDEVENTS_SPEC_VERSION;
  @IsNonEmptyString() id!: string;
  // A URI-reference (RFC 3986) never contains whitespace; anything more is the source's business.
  @IsNonEmptyString()
  @Matches(/^\S+$/, { message: 'source must be a URI-reference' })
  source!: string;
  @IsNonEmptyString() type!: string;
  @IsNonEmptyString() subject!: string;
  @IsRfc3339Timestamp() time!: string;
  @Equals(DATA_CONTENT_TYPE) datacontenttype!: typeof DATA_CONTENT_TYPE;
  @IsObject() data!: object;
}
