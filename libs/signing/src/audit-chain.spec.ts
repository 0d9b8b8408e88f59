// The audit hash chain: canonical JSON, hashes over content and the previous hash, and a verifier
// that names the first entry that was changed, removed or moved.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  nextEntry,
  type AuditEntry,
  type ChainCheckpoint,
} from './audit-chain';

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push(
      nextEntry(entries[i - 1], {
        occurredAt: `2025-03-03T08:00:0${i}.000Z`,
        kind: 'decision.made',
        actor: 'system',
        subject: `act-${i}`,
        payload: { outcome: 'auto-approved', n: i },
      }),
    );
  }
  return entries;
}

function firstBreak(entries: AuditEntry[], checkpoint?: ChainCheckpoint) {
  const verifier = new ChainVerifier(checkpoint);
  for (const entry of entries) {
    const found = verifier.check(entry);
    if (found) return found;
  }
  return verifier.end();
}

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
});

describe('audit chain', () => {
  it('hashes the canonical content with the previous hash, starting from the genesis hash', () => {
    const [first] = chain(1);
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    const expected = createHash('sha256')
      .update(
        '{"actor":"system","kind":"decision.made","occurred_at":"2025-03-03T08:00:00.000Z",' +
          `"payload":{"n":0,"outcome":"auto-approved"},"prev_hash":"${GENESIS_HASH}","seq":1,"subject":"act-0"}`,
      )
      .digest('hex');
    expect(first.hash).toBe(expected);
    expect(entryHash(first)).toBe(expected);
  });

  it('verifies an untouched chain', () => {
    const verifier = new ChainVerifier();
    expect(chain(5).map((e) => verifier.check(e))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(verifier.entries).toBe(5);
  });

  it('names a changed entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], payload: { outcome: 'rejected', n: 2 } };
    expect(firstBreak(entries)).toEqual({
      seq: 3,
      problem: expect.stringContaining('does not match its hash'),
    });
  });

  it('names the entry after one whose hash was recomputed to hide a change', () => {
    const entries = chain(5);
    const forged = { ...entries[1], actor: 'mallory' };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(firstBreak(entries)).toEqual({ seq: 3, problem: expect.stringContaining('does not link') });
  });

  it('names a removed entry and entries out of order', () => {
    const entries = chain(5);
    expect(firstBreak([entries[0], entries[1], entries[3], entries[4]])).toEqual({
      seq: 3,
      problem: expect.stringContaining('missing'),
    });
    expect(firstBreak([entries[0], entries[2], entries[1]])?.seq).toBe(2);
  });
});

describe('ChainVerifier against a signed checkpoint', () => {
  const at = '2025-03-03T09:00:00.000Z';
  const checkpointOf = (entry: AuditEntry): ChainCheckpoint => ({ seq: entry.seq, hash: entry.hash, at });

  it('accepts the chain that reaches the checkpoint, and what was appended after it', () => {
    const entries = chain(6);
    expect(firstBreak(entries, checkpointOf(entries[5]))).toBeUndefined();
    expect(firstBreak(entries, checkpointOf(entries[3]))).toBeUndefined();
  });

  it('reports newest entries cut off, which the chain alone cannot see, as a truncation', () => {
    const entries = chain(6);
    const checkpoint = checkpointOf(entries[5]);
    expect(firstBreak(entries.slice(0, 4))).toBeUndefined();
    expect(firstBreak(entries.slice(0, 4), checkpoint)).toEqual({
      seq: 5,
      problem: `truncation: entries 5 to 6 are missing; the log ends at entry 4 but a signed checkpoint of ${at} covers entry 6`,
    });
    expect(firstBreak(entries.slice(0, 5), checkpoint)).toEqual({ seq: 6, problem: expect.stringContaining('truncation: entry 6 is missing') });
    expect(firstBreak([], checkpoint)).toEqual({ seq: 1, problem: expect.stringContaining('truncation') });
  });

  it('reports a log cut and written again past the checkpoint as a truncation at its seq', () => {
    const entries = chain(6);
    const checkpoint = checkpointOf(entries[4]);
    const rewritten = entries.slice(0, 3);
    for (let i = 3; i < 6; i++) {
      rewritten.push(nextEntry(rewritten[i - 1], { occurredAt: at, kind: 'decision.made', actor: 'mallory', subject: `act-${i}`, payload: {} }));
    }
    expect(firstBreak(rewritten)).toBeUndefined();
    expect(firstBreak(rewritten, checkpoint)).toEqual({ seq: 5, problem: expect.stringContaining('truncation: entry 5 differs from the signed checkpoint') });
  });
});
