// dead-letter.v1: an input that could not be accepted, kept with where it came from and why, so
// that no bad record stops a partition and none is silently lost (docs/contract.md section 4).
// Topic governance.dead-letter.v1, subject the original key or `unknown`. Published; never edit.
import { IsInt, Matches, Min } from 'class-validator';
import { DEAD_LETTER_ORIGINAL_MAX_BYTES } from '../../registry/limits';
import { IsNonEmptyString, IsStringOfMaxUtf8Bytes } from '../../validation/decorators';

export const DEAD_LETTER_V1 = 'dead-letter.v1';

/** The subject of a dead letter whose original record had no key. */
export const DEAD_LETTER_UNKNOWN_SUBJECT = 'unknown';

export class DeadLetterV1 {
  @IsNonEmptyString() topic!: string;
  @IsInt() @Min(0) partition!: number;
  /** A decimal string, as Kafka clients give it: offsets are 64-bit and JSON numbers are not. */
  @Matches(/^\d+$/, { message: 'offset must be a non-negative integer as a decimal string' })
  offset!: string;
  /** Where it was refused, e.g. `parse` or `handle`. */
  @IsNonEmptyString() stage!: string;
  /** A stable code such as a ContractErrorCode. */
  @IsNonEmptyString() errorCode!: string;
  @IsNonEmptyString() error!: string;
  /** The refused value as UTF-8 text, cut by {@link deadLetterOriginal}; '' for a null value. */
  @IsStringOfMaxUtf8Bytes(DEAD_LETTER_ORIGINAL_MAX_BYTES) original!: string;
}

/**
 * The `original` field for a refused record value: decoded as UTF-8 (invalid bytes become U+FFFD,
 * and so does U+0000, which parse() refuses, so that the dead letter itself is always accepted)
 * and cut at a character boundary so it fits in DEAD_LETTER_ORIGINAL_MAX_BYTES.
 */
export function deadLetterOriginal(value: Buffer | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = (typeof value === 'string' ? value : value.toString('utf8')).replaceAll('\u0000', '\ufffd');
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= DEAD_LETTER_ORIGINAL_MAX_BYTES) return text;
  let end = DEAD_LETTER_ORIGINAL_MAX_BYTES;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
