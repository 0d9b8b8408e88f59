// audit.checkpoint-signed.v1: a signed checkpoint of the audit chain's head, like a transparency
// log's signed tree head. policy-enforcement publishes one periodically and on every policy
// activation; the envelope's `signature` extension signs `data` with the same keys as approved
// actions. Internal topic internal.audit-checkpoints.v1 (compacted, subject `audit-log`): whoever
// keeps the latest one can tell when the log's newest entries were cut. Never edit: add a .v2.
import { IsInt, Matches, Min } from 'class-validator';
import { IsRfc3339Timestamp } from '../../validation/decorators';

export const AUDIT_CHECKPOINT_SIGNED_V1 = 'audit.checkpoint-signed.v1';

/** The one subject of the checkpoint topic: compaction keeps the latest checkpoint. */
export const AUDIT_CHECKPOINT_SUBJECT = 'audit-log';

export class AuditCheckpointSignedV1 {
  /** The sequence number of the newest entry the checkpoint covers. */
  @IsInt() @Min(0) seq!: number;
  /** That entry's hash (SHA-256, hex): the head of the chain. */
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lower-case hex digits' }) hash!: string;
  @IsRfc3339Timestamp() at!: string;
}
