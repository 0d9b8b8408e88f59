import { generateSigningKey, signDetached, SignatureFailures } from '@governor/signing';
import { checkAgentPublicKey, type AgentPublicKey } from '../domain/agent-public-key';
import { AgentSignatureVerifier, importAgentKey } from './agent-signatures';
import type { Agent } from './database/agent-registry';

const data = { actionId: 'act-1', agentId: 'replenisher', parameters: { quantity: 40, amount: 500.5 } };

async function registered(alg: 'EdDSA' | 'ES256' = 'EdDSA') {
  const key = await generateSigningKey(alg);
  const checked = checkAgentPublicKey(key.publicJwk);
  if (!checked.ok) throw new Error(checked.message);
  return { key, publicKey: checked.key };
}

function agent(publicKey: AgentPublicKey | null, updatedAt = new Date('2026-12-01T00:00:00Z')): Agent {
  return { agentId: 'replenisher', owner: 'olga', scope: [], description: '', publicKey, updatedBy: 'gwen', updatedAt };
}

describe('AgentSignatureVerifier', () => {
  it('verifies Ed25519 and P-256 signatures made with the registered key, importing each key once per registry version', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const imports = jest.fn(importAgentKey);
      const verifier = new AgentSignatureVerifier(imports);
      const { key, publicKey } = await registered(alg);
      const entry = agent(publicKey);
      for (let i = 0; i < 3; i++) {
        expect(await verifier.verify(entry, await signDetached(data, key), data)).toEqual({ ok: true, kid: key.kid });
      }
      expect(imports).toHaveBeenCalledTimes(1);
    }
  });

  it('takes a new key as soon as the registry entry changes, and no longer the old one', async () => {
    const imports = jest.fn(importAgentKey);
    const verifier = new AgentSignatureVerifier(imports);
    const before = await registered();
    const after = await registered();
    expect(await verifier.verify(agent(before.publicKey), await signDetached(data, before.key), data)).toMatchObject({ ok: true });
    const rotated = agent(after.publicKey, new Date('2026-12-02T00:00:00Z'));
    expect(await verifier.verify(rotated, await signDetached(data, after.key), data)).toMatchObject({ ok: true });
    expect(await verifier.verify(rotated, await signDetached(data, before.key), data)).toMatchObject({
      ok: false,
      code: SignatureFailures.Mismatch,
    });
    expect(imports).toHaveBeenCalledTimes(2);
  });

  it('fails, never throws, for an unsigned proposal, another key, changed data, another algorithm and an agent without a key', async () => {
    const verifier = new AgentSignatureVerifier();
    const { key, publicKey } = await registered();
    const entry = agent(publicKey);
    const signature = await signDetached(data, key);
    expect(await verifier.verify(entry, undefined, data)).toMatchObject({ ok: false, code: SignatureFailures.Unsigned });
    expect(await verifier.verify(entry, await signDetached(data, await generateSigningKey()), data)).toMatchObject({
      ok: false,
      code: SignatureFailures.Mismatch,
    });
    expect(await verifier.verify(entry, signature, { ...data, parameters: { quantity: 4000, amount: 500.5 } })).toMatchObject({
      ok: false,
      code: SignatureFailures.Mismatch,
    });
    expect(await verifier.verify(entry, await signDetached(data, await generateSigningKey('ES256')), data)).toMatchObject({
      ok: false,
      code: SignatureFailures.UnknownKey,
    });
    expect(await verifier.verify(agent(null), signature, data)).toMatchObject({ ok: false, code: SignatureFailures.UnknownKey });
  });
});
