import { composeSets, domainResourceTypes, mayReadPolicySets, ownerRole, policiesOutsideDomain, policySetName, type ActiveSets } from './policy-sets';

describe('policy sets', () => {
  it('names the guardrails and every action domain, each with its owner role', () => {
    expect(policySetName('procurement')).toBe('procurement');
    expect(policySetName('central')).toBe('central');
    expect(policySetName('warehouse')).toBeUndefined();
    expect(ownerRole('central')).toBe('governance');
    expect(ownerRole('credit')).toBe('governance:credit');
    expect(mayReadPolicySets(['governance:orders'])).toBe(true);
    expect(mayReadPolicySets(['auditor'])).toBe(true);
    expect(mayReadPolicySets(['planner', 'approver'])).toBe(false);
  });

  it("knows each domain's resource types from the action types", () => {
    expect(domainResourceTypes('procurement').sort()).toEqual(['CreatePurchaseOrder', 'ExpediteSupplier']);
    expect(domainResourceTypes('credit').sort()).toEqual(['PlaceOrderHold', 'ReleaseOrderHold']);
  });

  it('refuses, by name, a policy of a domain set that governs another domain or any resource', () => {
    const policies = [
      { id: 'ok', resourceTypes: ['CreatePurchaseOrder'] },
      { id: 'holds', resourceTypes: ['ReleaseOrderHold'] },
      { id: 'all', resourceTypes: null },
    ];
    const messages = policiesOutsideDomain('procurement', policies);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('"holds" governs ReleaseOrderHold, outside the procurement domain');
    expect(messages[1]).toContain('"all" must name its resource type');
    // The guardrails govern everything.
    expect(policiesOutsideDomain('central', policies)).toEqual([]);
  });

  it('composes the guardrails first, then the domains in name order, with every version', () => {
    const sets: ActiveSets = new Map([
      ['procurement', { version: 7, policies: 'P' }],
      ['credit', { version: 5, policies: 'C' }],
      ['central', { version: 3, policies: 'G' }],
    ]);
    const composed = composeSets(sets);
    expect(composed.key).toBe('central:3+credit:5+procurement:7');
    expect(composed.versions).toEqual({ central: '3', credit: '5', procurement: '7' });
    expect(composed.text.indexOf('G')).toBeLessThan(composed.text.indexOf('\nC'));
    expect(composed.text.indexOf('\nC')).toBeLessThan(composed.text.indexOf('\nP'));
  });
});
