// The scenario's agents sign their proposals (docs/contract.md section 7): a key per agent, generated at
// the start of a run and never written anywhere (a run registers its agents afresh with the public
// halves), and a signer that adds the `signature` to each proposal before it is published. Every
// agent signs, the deliberately straying deal-closer too: its proposals are refused for their
// scope, not for want of a signature.
import type { JWK } from 'jose';
import { EventTypes, type CloudEvent } from '@governor/contracts';
import { generateSigningKey, signDetached, type SigningKeyPair } from '@governor/signing';

export class ScenarioAgentKeys {
  private constructor(private readonly keys: ReadonlyMap<string, SigningKeyPair>) {}

  /** A fresh Ed25519 key for each agent. */
  static async generate(agents: readonly { agentId: string }[]): Promise<ScenarioAgentKeys> {
    const pairs = await Promise.all(agents.map(async (a) => [a.agentId, await generateSigningKey()] as const));
    return new ScenarioAgentKeys(new Map(pairs));
  }

  /** The public JWK to register the agent with (`publicKey` of PUT /agents/{agentId}). */
  publicKey(agentId: string): JWK {
    return this.keyOf(agentId).publicJwk;
  }

  /** An agent proposal with its signature; any other event as it is. */
  async sign<E extends CloudEvent<unknown>>(event: E): Promise<E> {
    if (event.type !== EventTypes.AgentActionProposedV1) return event;
    const agentId = String((event.data as { agentId?: unknown }).agentId);
    return { ...event, signature: await signDetached(event.data, this.keyOf(agentId)) };
  }

  private keyOf(agentId: string): SigningKeyPair {
    const key = this.keys.get(agentId);
    if (!key) throw new Error(`no key for agent ${agentId}: not one of the scenario's agents`);
    return key;
  }
}
