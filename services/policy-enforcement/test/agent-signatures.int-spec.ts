// policy-enforcement as a process on the real broker and Postgres: agents register the public key
// they sign with (PUT /agents refuses an entry without one, or with a private one), and the default
// bundle's guardrail rejects a proposal whose signature does not verify against it, until
// governance activates a bundle without the guardrail.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { generateSigningKey } from '@governor/signing';
import { signedProposal, testAgentPublicKey } from '@governor/testing';
import { readPolicyFiles, defaultPolicyDirectory } from '../src/infra/cedar/policy-files';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const governance = { id: 'gwen', roles: ['governance'] };
const secondGovernor = { id: 'greg', roles: ['governance'] };
const GUARDRAIL = 'guardrail.agent-signature-required';
const SCOPE = ['procurement.create-purchase-order'];

describe('agent signatures (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();

  beforeAll(async () => {
    await pe.start({ POLICY_ENFORCEMENT_POLICY_POLL_SECONDS: '0.5' });
    // Agents are judged on their domain's feed health: healthy feeds, so a small order runs at once.
    await pe.publishFeedHealth('procurement', 'source.procurement.v1', 0.96);
    await pe.waitUntil(
      async () => (await pe.sql(`SELECT 1 FROM $schema.feed_health WHERE domain = 'procurement'`)).length === 1,
    );
  }, 120_000);
  afterAll(() => pe.stop(), 60_000);

  it('refuses to register an agent without a public key, with a private key or with a key of another kind', async () => {
    const entry = { owner: 'olga', scope: SCOPE };
    const missing = await pe.call('PUT', '/agents/keyless', governance, entry);
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'public-key-required' } } });

    const privateJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const leaked = await pe.call('PUT', '/agents/keyless', governance, { ...entry, publicKey: privateJwk });
    expect(leaked).toMatchObject({ status: 400, body: { error: { code: 'private-key-not-accepted' } } });

    const rsa = await pe.call('PUT', '/agents/keyless', governance, { ...entry, publicKey: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } });
    expect(rsa).toMatchObject({ status: 400, body: { error: { code: 'invalid-public-key' } } });
    // Right shape, but not a point on P-256: refused when registered, not at the first proposal.
    const offCurve = await pe.call('PUT', '/agents/keyless', governance, {
      ...entry,
      publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) },
    });
    expect(offCurve).toMatchObject({ status: 400, body: { error: { code: 'invalid-public-key' } } });

    expect((await pe.call('GET', '/agents', governance)).body).toEqual([]);
  });

  it('shows the registered key in GET /agents and in the audit entry', async () => {
    await pe.registerAgent('shown', { owner: 'olga', scope: SCOPE }, governance);
    const publicKey = await testAgentPublicKey('shown');
    const expected = { kty: 'OKP', crv: 'Ed25519', x: publicKey.x, alg: 'EdDSA', kid: publicKey.kid };
    const listed = (await pe.call('GET', '/agents', governance)).body as { agentId: string; publicKey: unknown }[];
    expect(listed.find((a) => a.agentId === 'shown')?.publicKey).toEqual(expected);
    const audited = await pe.sql<{ payload: { publicKey: unknown } }>(
      `SELECT payload FROM $schema.audit_log WHERE kind = 'agent.registered' AND subject = 'agent:shown'`,
    );
    expect(audited.map((a) => a.payload.publicKey)).toEqual([expected]);
  });

  it('decides a proposal signed with the registered key as before, and rejects an unsigned one and a forged one by the guardrail', async () => {
    await pe.registerAgent('signer', { owner: 'olga', scope: SCOPE }, governance);

    const signed = await pe.publishAgentProposal('signer', { confidence: 0.95 });
    expect(await pe.decision(signed.data.actionId)).toMatchObject({ outcome: 'auto-approved' });
    expect(await pe.approved(signed.data.actionId)).toMatchObject({ data: { lineage: { agentId: 'signer' } } });

    const unsigned = await pe.publishAgentProposal('signer', { confidence: 0.95 }, { signWith: 'unsigned' });
    const forged = await pe.publishAgentProposal('signer', { confidence: 0.95 }, { signWith: await generateSigningKey() });
    // Signed by the agent, then changed on the way (a larger order): the signature no longer covers it.
    const altered = await signedProposal(agentProposal('signer'));
    altered.data.parameters = { ...altered.data.parameters, quantity: 4_000 };
    await pe.publish(Topics.AgentsProposalsV1, altered);
    for (const proposal of [unsigned, forged, altered]) {
      expect(await pe.decision(proposal.data.actionId)).toMatchObject({ outcome: 'rejected', reasons: [GUARDRAIL] });
    }

    const recorded = await pe.sql<{ action_id: string; proposal: { signature: unknown } }>(
      `SELECT action_id, proposal FROM $schema.decisions WHERE action_id = ANY($1)`,
      [[signed.data.actionId, unsigned.data.actionId, forged.data.actionId]],
    );
    const signatureOf = (actionId: string) => recorded.find((r) => r.action_id === actionId)?.proposal.signature;
    expect(signatureOf(signed.data.actionId)).toEqual({ verified: true, kid: (await testAgentPublicKey('signer')).kid });
    expect(signatureOf(unsigned.data.actionId)).toMatchObject({ verified: false, code: 'unsigned' });
    expect(signatureOf(forged.data.actionId)).toMatchObject({ verified: false, code: 'signature-mismatch' });

    await pe.settle();
    for (const rejected of [unsigned, forged, altered]) expect(pe.approvedEvents(rejected.data.actionId)).toEqual([]);
  });

  it('lets governance relax the guardrail by policy: without it an unsigned proposal is decided as before', async () => {
    await pe.registerAgent('relaxed', { owner: 'olga', scope: SCOPE }, governance);
    const files = readPolicyFiles(defaultPolicyDirectory());
    const relaxed = files.bundle
      .split(/\n\n+/)
      .filter((block) => !block.includes(`@id("${GUARDRAIL}")`))
      .join('\n\n');
    expect(relaxed).not.toContain(GUARDRAIL);
    const stored = await pe.call('POST', '/policies', governance, { policies: relaxed, description: 'agents need not sign' });
    expect(stored.status).toBe(201);
    const { version } = stored.body as { version: string };
    expect((await pe.call('POST', `/policies/${version}/activate`, secondGovernor)).status).toBe(200);

    await pe.waitUntil(async () => {
      const probe = await pe.publishAgentProposal('relaxed', { confidence: 0.95 }, { signWith: 'unsigned' });
      return (await pe.decision(probe.data.actionId)).policyVersion === version;
    }, 20_000, `policy version ${version}`);
    const unsigned = await pe.publishAgentProposal('relaxed', { confidence: 0.95 }, { signWith: 'unsigned' });
    expect(await pe.decision(unsigned.data.actionId)).toMatchObject({ outcome: 'auto-approved', policyVersion: version });
  });
});

function agentProposal(agentId: string) {
  const event = exampleEvent(EventTypes.AgentActionProposedV1);
  const actionId = `act-${randomUUID()}`;
  return {
    ...event,
    id: randomUUID(),
    source: `urn:agent:${agentId}`,
    subject: actionId,
    data: { ...event.data, actionId, agentId, confidence: 0.95 },
  };
}
