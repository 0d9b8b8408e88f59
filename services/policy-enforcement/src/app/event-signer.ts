// Signs what policy-enforcement vouches for, approved actions and audit checkpoints: the envelope's
// `signature` extension attribute, a detached JWS over the canonical JSON of `data` (docs/contract.md
// section 7). Also checks such a signature against the service's own published keys.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ContractEvent, EventType } from '@governor/contracts';
import { signDetached, verifyDetachedWithJwks, type VerifyResult } from '@governor/signing';
import type { JSONWebKeySet } from 'jose';
import type { SigningKeys } from '../infra/signing/signing-keys';
import { SIGNING_KEYS } from './tokens';

@Injectable()
export class EventSigner {
  constructor(@Inject(SIGNING_KEYS) private readonly keys: SigningKeys) {
    const previous = keys.jwks.keys.slice(1).map((k) => k.kid);
    new Logger('signing').log(
      `signing approved actions and audit checkpoints with key ${keys.current.kid} (${keys.current.alg}, ${keys.origin})` +
        (previous.length > 0 ? `; previous keys still published: ${previous.join(', ')}` : ''),
    );
  }

  /** The kid of the key that signs now. */
  get kid(): string {
    return this.keys.current.kid;
  }

  /** The public keys, as GET /.well-known/jwks.json serves them. */
  get jwks(): JSONWebKeySet {
    return this.keys.jwks;
  }

  /** The event with its `signature` over `data`. */
  async sign<K extends EventType>(event: ContractEvent<K>): Promise<ContractEvent<K>> {
    return { ...event, signature: await this.signData(event.data) };
  }

  signData(data: unknown): Promise<string> {
    return signDetached(data, this.keys.current);
  }

  /** Whether one of this service's keys (current or previous) signed `data`. */
  verify(signature: string | undefined, data: unknown): Promise<VerifyResult> {
    return verifyDetachedWithJwks(signature, data, this.keys.jwks);
  }
}
