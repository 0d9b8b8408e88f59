import { ActionTypes } from '@governor/contracts';
import { buildCedarRequest, currentFormOf, type ProposalFacts } from './cedar-request';

const facts: ProposalFacts = {
  actionId: 'act-1',
  actionType: ActionTypes.NotifyPlanner,
  parameters: { message: 'm', severity: 'info' },
  confidence: 0.9,
  dataQuality: 0.9,
  domain: 'planning',
  domainMode: 'automated',
  proposer: { kind: 'rules' },
};

describe('the signature fact of a Cedar request', () => {
  it('is the verification result for an agent and true for a model', () => {
    const agent = { kind: 'agent', agentId: 'a', registered: true, scope: [], signatureVerified: false } as const;
    expect(buildCedarRequest({ ...facts, proposer: agent }).context.signatureVerified).toBe(false);
    expect(buildCedarRequest({ ...facts, proposer: { ...agent, signatureVerified: true } }).context.signatureVerified).toBe(true);
    expect(buildCedarRequest(facts).context.signatureVerified).toBe(true);
  });

  it('is added to requests recorded before it existed: unverified for agents, verified for models', () => {
    const strip = (proposer: ProposalFacts['proposer']) => {
      const request = buildCedarRequest({ ...facts, proposer });
      const { signatureVerified: _dropped, ...context } = request.context;
      return { ...request, context };
    };
    const oldAgent = strip({ kind: 'agent', agentId: 'a', registered: true, scope: [], signatureVerified: true });
    expect(currentFormOf(oldAgent).context.signatureVerified).toBe(false);
    expect(currentFormOf(strip({ kind: 'rules' })).context.signatureVerified).toBe(true);
    const current = buildCedarRequest(facts);
    expect(currentFormOf(current)).toBe(current);
  });
});
