// policy-enforcement as a process on the real broker and Postgres: policy sets per domain under
// the central guardrails (docs/contract.md section 7, "Policy sets"). A procurement officer stores
// a procurement set and a second one activates it; the next procurement decision is made under it
// and names its version; a set that reaches into another domain is refused, naming the policy; a
// guardrail's forbid still wins over the domain's permit; a credit officer cannot write or
// activate procurement's set; /policies stays the central set's.
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const paula = { id: 'paula', roles: ['governance:procurement'] };
const percy = { id: 'percy', roles: ['governance:procurement'] };
const carla = { id: 'carla', roles: ['governance:credit'] };
const gwen = { id: 'gwen', roles: ['governance'] };
const auditor = { id: 'audrey', roles: ['auditor'] };
const planner = { id: 'pat', roles: ['approver', 'planner'] };

// Large model orders on sure forecasts run automatically: above the default bundle's thresholds.
const PROCUREMENT_SET = `
@id("procurement.large-sure-orders-automatic")
permit (principal is Model, action == Action::"auto-execute", resource is CreatePurchaseOrder)
when {
  resource.amount.lessThanOrEqual(decimal("60000.0")) &&
  context.confidence.greaterThanOrEqual(decimal("0.98")) &&
  context.dataQuality.greaterThanOrEqual(decimal("0.95"))
};
`;

describe('policy sets per domain under central guardrails (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();
  let version: string;

  beforeAll(() => pe.start({ POLICY_ENFORCEMENT_POLICY_POLL_SECONDS: '0.5' }), 120_000);
  afterAll(() => pe.stop(), 60_000);

  it('lists the central set and one set per domain, each with its owner role', async () => {
    const answer = await pe.call('GET', '/policy-sets', auditor);
    expect(answer.status).toBe(200);
    const sets = answer.body as { policySet: string; owner: string; activeVersion: string | null }[];
    expect(sets.find((s) => s.policySet === 'central')).toMatchObject({ owner: 'governance', activeVersion: '1' });
    expect(sets.find((s) => s.policySet === 'procurement')).toMatchObject({ owner: 'governance:procurement', activeVersion: null });
    expect(sets.map((s) => s.policySet)).toEqual(expect.arrayContaining(['inventory', 'orders', 'credit', 'planning']));
    // The central set is at /policies; a name that is no domain is not found.
    expect((await pe.call('GET', '/policy-sets/central', auditor)).status).toBe(404);
    expect((await pe.call('GET', '/policy-sets/warehouse', auditor)).body).toMatchObject({ error: { code: 'policy-set-not-found' } });
    expect((await pe.call('GET', '/policy-sets', planner)).status).toBe(403);
  });

  it('refuses a procurement set that reaches into credit, or names no resource type, naming the policy', async () => {
    const credit = await pe.call('POST', '/policy-sets/procurement', paula, {
      policies: `@id("procurement.release-holds")\npermit (principal, action == Action::"auto-execute", resource is ReleaseOrderHold);`,
    });
    expect(credit.status).toBe(422);
    expect(credit.body).toMatchObject({ error: { code: 'policy-outside-domain' } });
    expect((credit.body as { error: { details: string[] } }).error.details[0]).toContain('"procurement.release-holds" governs ReleaseOrderHold, outside the procurement domain');
    const anything = await pe.call('POST', '/policy-sets/procurement', paula, {
      policies: `@id("procurement.everything")\npermit (principal, action == Action::"auto-execute", resource);`,
    });
    expect(anything.status).toBe(422);
    expect((anything.body as { error: { details: string[] } }).error.details[0]).toContain('"procurement.everything" must name its resource type');
    // A policy id the guardrails use already: the sets are evaluated together.
    const clash = await pe.call('POST', '/policy-sets/procurement', paula, {
      policies: `@id("guardrail.unregistered-agent")\nforbid (principal, action == Action::"auto-execute", resource is CreatePurchaseOrder);`,
    });
    expect(clash.status).toBe(422);
    expect(clash.body).toMatchObject({ error: { code: 'invalid-policy' } });
  });

  it("lets only procurement's governance write and activate procurement's set, two people", async () => {
    expect((await pe.call('POST', '/policy-sets/procurement', carla, { policies: PROCUREMENT_SET })).status).toBe(403);
    expect((await pe.call('POST', '/policy-sets/procurement', gwen, { policies: PROCUREMENT_SET })).status).toBe(403);
    const stored = await pe.call('POST', '/policy-sets/procurement', paula, { policies: PROCUREMENT_SET, description: 'large sure orders' });
    expect(stored.status).toBe(201);
    version = (stored.body as { version: string }).version;
    expect(stored.body).toMatchObject({ policySet: 'procurement', createdBy: 'paula', active: false });
    const listed = (await pe.call('GET', '/policy-sets/procurement', auditor)).body as { version: string; policySet: string }[];
    expect(listed.map((v) => [v.policySet, v.version])).toEqual([['procurement', version]]);
    // Not a guardrails version: /policies does not know it.
    expect((await pe.call('GET', `/policies/${version}`, gwen)).status).toBe(404);

    const byCredit = await pe.call('POST', `/policy-sets/procurement/${version}/activate`, carla);
    expect(byCredit.status).toBe(403);
    const byAuthor = await pe.call('POST', `/policy-sets/procurement/${version}/activate`, paula);
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body).toMatchObject({ error: { code: 'separation-of-duties' } });
    const activated = await pe.call('POST', `/policy-sets/procurement/${version}/activate`, percy);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ policySet: 'procurement', version, previousVersion: null, createdBy: 'paula', activatedBy: 'percy' });
    const audited = await pe.sql<{ payload: { policySet: string; version: number } }>(
      `SELECT payload FROM $schema.audit_log WHERE kind = 'policy.activated' AND subject = $1`,
      [`policy-version:${version}`],
    );
    expect(audited.map((a) => a.payload)).toEqual([expect.objectContaining({ policySet: 'procurement', version: Number(version) })]);
    // The guardrails are unchanged.
    expect((await pe.call('GET', '/policies/active', gwen)).body).toMatchObject({ version: '1' });
  });

  it('decides the next procurement order under the set and names the version of every set', async () => {
    // Every instance picks the activation up within its poll (0.5 s here).
    await new Promise((r) => setTimeout(r, 1_500));
    const proposal = await pe.publishRiskProposal({ parameters: { amount: 40_000 }, confidence: 0.99, dataQuality: 0.99 });
    const decision = await pe.decision(proposal.data.actionId);
    expect(decision).toMatchObject({ outcome: 'auto-approved', policyVersion: '1', policyVersions: { central: '1', procurement: version } });
    expect(decision.reasons).toContain('procurement.large-sure-orders-automatic');
    const lineage = (await pe.call('GET', `/lineage/${proposal.data.actionId}`, auditor)).body as { decision: { policySets: Record<string, string> } };
    expect(lineage.decision.policySets).toEqual({ central: '1', procurement: version });
    const [row] = await pe.sql<{ policy_sets: Record<string, string> }>('SELECT policy_sets FROM $schema.decisions WHERE action_id = $1', [proposal.data.actionId]);
    expect(row.policy_sets).toEqual({ central: '1', procurement: version });
  });

  it("keeps a guardrail's forbid above the domain's permit", async () => {
    await pe.publishDomainMode('procurement', 'manual-fallback');
    await pe.waitUntil(
      async () => (await pe.sql<{ mode: string }>(`SELECT mode FROM $schema.domain_modes WHERE domain = 'procurement'`))[0]?.mode === 'manual-fallback',
      20_000,
      'the mode change',
    );
    const proposal = await pe.publishRiskProposal({ parameters: { amount: 40_000 }, confidence: 0.99, dataQuality: 0.99 });
    const decision = await pe.decision(proposal.data.actionId);
    expect(decision.outcome).not.toBe('auto-approved');
    await pe.publishDomainMode('procurement', 'automated');
  });
});
