// Checks the signature of an approved action (docs/contract.md section 7) against the keys of
// policy-enforcement: its JWKS endpoint (jose's remote key set: cached, refetched when a kid is
// unknown, at most once per cool-down) or a JWKS file. A key set that cannot be fetched says
// nothing about the action: that is a transient error (RetriableError), never a refusal. So is a
// kid not yet known while the set may not be fetched again: after a rotation, the new key shows
// once the cool-down is over, and only then is a kid nobody knows a refusal.
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWSHeaderParameters, type KeyLike } from 'jose';
import { RetriableError } from '@governor/messaging';
import { SignatureFailures, verifyDetached, type VerifyResult } from '@governor/signing';
import type { SigningKeysSource } from '../config';

type KeySet = (header: JWSHeaderParameters) => Promise<KeyLike>;

/** How long after a fetch an unknown kid waits for the next one (jose's default is 30 s). */
const COOLDOWN_MS = 5_000;

export class ApprovalSignatures {
  private readonly keys: KeySet;
  private readonly remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  readonly origin: string;

  constructor(source: SigningKeysSource, cooldownMs = COOLDOWN_MS) {
    if (source.kind === 'url') {
      this.remote = createRemoteJWKSet(new URL(source.url), { cooldownDuration: cooldownMs, timeoutDuration: 5_000 });
      this.keys = this.remote;
      this.origin = source.url;
    } else {
      this.keys = createLocalJWKSet(source.jwks);
      this.origin = source.file;
    }
  }

  /** Whether the event's signature verifies; throws a RetriableError when that cannot be told yet. */
  async verify(event: { signature?: string; data: unknown }): Promise<VerifyResult> {
    let unavailable: Error | undefined;
    let notYetKnown = false;
    const result = await verifyDetached(event.signature, event.data, async (_alg, header) => {
      // Cooling down, jose answers an unknown kid from the set it has; otherwise it fetched it anew.
      const coolingDown = this.remote?.coolingDown ?? false;
      try {
        return await this.keys(header);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) unavailable = error as Error;
        else notYetKnown = coolingDown;
        throw error;
      }
    });
    if (result.ok) return result;
    if (unavailable) {
      throw new RetriableError('signing-keys-unavailable', `the keys that sign approved actions cannot be read from ${this.origin}: ${unavailable.message}`, {
        cause: unavailable,
      });
    }
    if (result.code === SignatureFailures.UnknownKey && notYetKnown) {
      throw new RetriableError('signing-key-not-yet-known', `${result.reason}; the key set is fetched again from ${this.origin} once its cool-down is over`);
    }
    return result;
  }
}
