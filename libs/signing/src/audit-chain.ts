// The hash chain of the audit log: each entry's hash is the SHA-256 of the canonical JSON (keys
// sorted at every level) of its content and the previous entry's hash, so changing, removing or
// reordering any entry breaks the chain from that entry on, and a verifier can name it. The newest
// entries can be cut without breaking what is left, so the verifier also holds the chain to a
// signed checkpoint of its head: an entry it covers that is missing or different is a truncation.
//
// It lives in this lib, not in policy-enforcement that writes the log, because the same hashing
// must run where there is no service: `governor audit verify-pack` checks an evidence pack offline
// (evidence-pack.ts), and a lib may not import a service.
import { createHash } from 'node:crypto';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditContent {
  seq: number;
  /** RFC 3339 with milliseconds, as `Date.toISOString()` writes it. */
  occurredAt: string;
  kind: string;
  actor: string;
  subject: string;
  payload: { [key: string]: JsonValue };
  prevHash: string;
}

export interface AuditEntry extends AuditContent {
  hash: string;
}

/** JSON with object keys sorted at every level and no whitespace; undefined members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('not a finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

export function entryHash(content: AuditContent): string {
  const canonical = canonicalJson({
    seq: content.seq,
    occurred_at: content.occurredAt,
    kind: content.kind,
    actor: content.actor,
    subject: content.subject,
    payload: content.payload,
    prev_hash: content.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The entry that follows `previous` (or starts the chain), with its hash. */
export function nextEntry(
  previous: { seq: number; hash: string } | undefined,
  entry: Omit<AuditContent, 'seq' | 'prevHash'>,
): AuditEntry {
  const content: AuditContent = {
    ...entry,
    seq: previous ? previous.seq + 1 : 1,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...content, hash: entryHash(content) };
}

export interface ChainBreak {
  /** The seq of the first entry that does not verify (for a missing entry: the seq that is missing). */
  seq: number;
  problem: string;
}

/** The head of the chain at some moment, as a signed checkpoint records it. */
export interface ChainCheckpoint {
  seq: number;
  hash: string;
  /** When the checkpoint was made (RFC 3339). */
  at: string;
}

/** Where a walk starts: the first entry's seq and the hash it must link to. */
export interface ChainStart {
  seq: number;
  prevHash: string;
}

/** Walks entries in seq order, one at a time, and reports the first break. */
export class ChainVerifier {
  private expectedSeq: number;
  private previousHash: string;
  private checked = 0;

  /**
   * With a checkpoint, the chain must reach it and hold its hash at its seq. Without `start` the
   * walk begins at the chain's first entry; a part of the chain (an evidence pack) starts where it
   * says, linked to the hash of the entry before it.
   */
  constructor(
    private readonly checkpoint?: ChainCheckpoint,
    start: ChainStart = { seq: 1, prevHash: GENESIS_HASH },
  ) {
    this.expectedSeq = start.seq;
    this.previousHash = start.prevHash;
  }

  get entries(): number {
    return this.checked;
  }

  /** Undefined while the chain holds; the break once an entry fails. */
  check(entry: AuditEntry): ChainBreak | undefined {
    this.checked++;
    if (entry.seq !== this.expectedSeq) {
      return entry.seq > this.expectedSeq
        ? { seq: this.expectedSeq, problem: `entry ${this.expectedSeq} is missing (next is ${entry.seq})` }
        : { seq: entry.seq, problem: `entry ${entry.seq} is out of order` };
    }
    if (entry.prevHash !== this.previousHash) {
      return { seq: entry.seq, problem: `entry ${entry.seq} does not link to the entry before it` };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        seq: entry.seq,
        problem: `entry ${entry.seq} does not match its hash: its content was changed`,
      };
    }
    const checkpoint = this.checkpoint;
    if (checkpoint && entry.seq === checkpoint.seq && entry.hash !== checkpoint.hash) {
      return {
        seq: entry.seq,
        problem: `truncation: entry ${entry.seq} differs from the signed checkpoint of ${checkpoint.at}; the log was cut and written again from there`,
      };
    }
    this.expectedSeq++;
    this.previousHash = entry.hash;
    return undefined;
  }

  /** Once every entry was checked: whether entries the checkpoint covers are missing at the end. */
  end(): ChainBreak | undefined {
    const checkpoint = this.checkpoint;
    const last = this.expectedSeq - 1;
    if (!checkpoint || last >= checkpoint.seq) return undefined;
    const missing = last + 1 === checkpoint.seq ? `entry ${checkpoint.seq} is` : `entries ${last + 1} to ${checkpoint.seq} are`;
    return {
      seq: last + 1,
      problem: `truncation: ${missing} missing; the log ends at entry ${last} but a signed checkpoint of ${checkpoint.at} covers entry ${checkpoint.seq}`,
    };
  }
}
