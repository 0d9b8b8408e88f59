import { EventTypes, parse } from '@governor/contracts';
import { verifyDetachedWithJwk } from '@governor/signing';
import { ScenarioAgentKeys } from './agent-keys';
import { buildScenario } from './scenario';

describe('ScenarioAgentKeys', () => {
  const scenario = buildScenario({ seed: 7, size: 'small', durationSeconds: 120, runId: 'keys' });

  it("signs every agent's proposal so that it verifies, after the wire and parse(), against the agent's public key", async () => {
    const keys = await ScenarioAgentKeys.generate(scenario.agents);
    const proposals = scenario.events.filter((e) => e.event.type === EventTypes.AgentActionProposedV1);
    expect(new Set(proposals.map((p) => (p.event.data as { agentId: string }).agentId))).toEqual(
      new Set(scenario.agents.map((a) => a.agentId)),
    );
    for (const { topic, event } of proposals) {
      const parsed = parse({ value: JSON.stringify(await keys.sign(event)), topic });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const agentId = (event.data as { agentId: string }).agentId;
      expect(await verifyDetachedWithJwk(parsed.event.signature, parsed.event.data, keys.publicKey(agentId))).toMatchObject({ ok: true });
      const other = scenario.agents.find((a) => a.agentId !== agentId)?.agentId ?? 'none';
      expect(await verifyDetachedWithJwk(parsed.event.signature, parsed.event.data, keys.publicKey(other))).toMatchObject({ ok: false });
    }
  });

  it('leaves other events as they are, and knows no agent outside the scenario', async () => {
    const keys = await ScenarioAgentKeys.generate(scenario.agents);
    const [first] = scenario.events.filter((e) => e.event.type !== EventTypes.AgentActionProposedV1);
    expect(await keys.sign(first.event)).toBe(first.event);
    expect(() => keys.publicKey('stranger')).toThrow(/stranger/);
  });
});
