// Agents' signing keys for tests (docs/contract.md section 7): one Ed25519 key per agent id, generated
// on first use and kept for the process, so that a test registers an agent with its public key and
// signs its proposals with the private one without passing keys around.
import type { JWK } from 'jose';
import type { CloudEvent } from '@governor/contracts';
import { generateSigningKey, signDetached, type SigningKeyPair } from '@governor/signing';

const keys = new Map<string, Promise<SigningKeyPair>>();

/** The agent's key pair in this process. */
export function testAgentKey(agentId: string): Promise<SigningKeyPair> {
  let key = keys.get(agentId);
  if (!key) {
    key = generateSigningKey();
    keys.set(agentId, key);
  }
  return key;
}

/** The public JWK to register the agent with (`publicKey` of PUT /agents/{agentId}). */
export async function testAgentPublicKey(agentId: string): Promise<JWK> {
  return (await testAgentKey(agentId)).publicJwk;
}

/**
 * The proposal with its `signature`: by the key of the agent it names (`data.agentId`), or by
 * `key` when a test signs with another one.
 */
export async function signedProposal<E extends CloudEvent<unknown>>(event: E, key?: SigningKeyPair): Promise<E> {
  const agentId = (event.data as { agentId?: unknown }).agentId;
  if (!key && typeof agentId !== 'string') throw new Error('signedProposal: data.agentId names no agent');
  const signer = key ?? (await testAgentKey(agentId as string));
  return { ...event, signature: await signDetached(event.data, signer) };
}
