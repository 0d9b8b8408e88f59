// audit.entry-requested.v1: something a service other than policy-enforcement did that belongs in
// the hash-chained audit log (a source registered, a store pruned). Internal topic
// internal.audit-entries.v1, subject the entry's subject. policy-enforcement appends each one as
// it came, with the event's (source, id). Never edit: add a .v2 beside it.
import { IsObject } from 'class-validator';
import { IsNonEmptyString, IsOneOf } from '../../validation/decorators';

export const AUDIT_ENTRY_REQUESTED_V1 = 'audit.entry-requested.v1';

/** The kinds of audit entry another service may ask for; each names its own payload. */
export const RequestedAuditKinds = {
  /** An operator registered or changed a trusted source (data-quality's source registry). */
  SourceRegistered: 'source.registered',
  /** A retention pass deleted rows past a store's limit: counts and ranges, never the rows. */
  RetentionPruned: 'retention.pruned',
} as const;
export type RequestedAuditKind = (typeof RequestedAuditKinds)[keyof typeof RequestedAuditKinds];
export const REQUESTED_AUDIT_KIND_VALUES = Object.values(RequestedAuditKinds);

export class AuditEntryRequestedV1 {
  /** The service asking, e.g. `data-quality`. */
  @IsNonEmptyString() service!: string;
  @IsOneOf(REQUESTED_AUDIT_KIND_VALUES) kind!: RequestedAuditKind;
  /** Who did it: a user id, or `service:<name>` for a scheduled job. */
  @IsNonEmptyString() actor!: string;
  /** What it is about, e.g. `source:urn:wms:dc-east` or `store:data-quality.feed_buckets`. */
  @IsNonEmptyString() subject!: string;
  @IsObject() payload!: Record<string, unknown>;
}
