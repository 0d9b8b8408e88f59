// Checks the signature of an agent's proposal (docs/contract.md section 7) against the public key of its
// registry entry. Importing a JWK costs more than the verify itself, so each agent's imported key is
// kept, named by the registry entry's version (its updatedAt): a proposal costs one verify, and a
// key changed by PUT /agents (on any instance) is imported afresh the first time it is seen.
import { importJWK, type KeyLike } from 'jose';
import { SignatureFailures, verifyDetached, type VerifyResult } from '@governor/signing';
import type { AgentPublicKey } from '../domain/agent-public-key';
import type { Agent } from './database/agent-registry';

interface CachedKey {
  version: number;
  alg: AgentPublicKey['alg'];
  key: Promise<KeyLike | Uint8Array>;
}

/** Imports a registered key; throws when the JWK is no usable key (e.g. a point not on P-256). */
export function importAgentKey(jwk: AgentPublicKey): Promise<KeyLike | Uint8Array> {
  return importJWK({ ...jwk }, jwk.alg);
}

export class AgentSignatureVerifier {
  private readonly keys = new Map<string, CachedKey>();

  constructor(private readonly importKey: typeof importAgentKey = importAgentKey) {}

  /** Never throws: an agent without a key, or a key that will not import, is a failed verification. */
  async verify(agent: Agent, signature: string | undefined, data: unknown): Promise<VerifyResult> {
    const publicKey = agent.publicKey;
    if (!publicKey) {
      return {
        ok: false,
        code: SignatureFailures.UnknownKey,
        reason: `agent ${agent.agentId} has no registered public key`,
      };
    }
    const cached = this.cachedKey(agent, publicKey);
    return verifyDetached(signature, data, async (alg) => {
      if (alg !== cached.alg) throw new Error(`the agent's registered key signs with ${cached.alg}, not ${alg}`);
      return cached.key;
    });
  }

  private cachedKey(agent: Agent, publicKey: AgentPublicKey): CachedKey {
    const version = agent.updatedAt.getTime();
    const cached = this.keys.get(agent.agentId);
    if (cached && cached.version === version) return cached;
    const entry: CachedKey = { version, alg: publicKey.alg, key: this.importKey(publicKey) };
    // A failed import is tried again on the next proposal rather than kept as a rejection.
    entry.key.catch(() => {
      if (this.keys.get(agent.agentId) === entry) this.keys.delete(agent.agentId);
    });
    this.keys.set(agent.agentId, entry);
    return entry;
  }
}
