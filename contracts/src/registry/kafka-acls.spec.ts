// The ACLs the registry implies: least privilege, as the trust issue states it.
import { ProducerPrincipals, ServicePrincipals, ToolPrincipals } from './principals';
import { registryAcls, registryPrincipals, userAcls, type AclBinding } from './kafka-acls';
import { Topics } from './topic-names';
import { TOPIC_REGISTRY } from './topics';

const acls = registryAcls();
const who = (bindings: AclBinding[], topic: string, operation: 'read' | 'write') =>
  bindings.filter((b) => b.resourceType === 'topic' && b.name === topic && b.operation === operation).map((b) => b.principal).sort();

describe('the ACLs derived from the topic registry', () => {
  it('lets only policy-enforcement write actions.approved.v1 and governance.decisions.v1', () => {
    expect(who(acls, Topics.ActionsApprovedV1, 'write')).toEqual([`User:${ServicePrincipals.PolicyEnforcement}`]);
    expect(who(acls, Topics.DecisionsV1, 'write')).toEqual([`User:${ServicePrincipals.PolicyEnforcement}`]);
  });

  it('lets only circuit-breaker write governance.domain-modes.v1', () => {
    expect(who(acls, Topics.DomainModesV1, 'write')).toEqual([`User:${ServicePrincipals.CircuitBreaker}`]);
  });

  it('lets a source system write its own source topics and read nothing', () => {
    const wms = acls.filter((b) => b.principal === `User:${ProducerPrincipals.Wms}`);
    expect(wms).toEqual([{ principal: 'User:wms', resourceType: 'topic', patternType: 'literal', name: Topics.SourceInventoryV1, operation: 'write' }]);
    const finance = acls.filter((b) => b.principal === `User:${ProducerPrincipals.Finance}`);
    expect(finance.map((b) => [b.name, b.operation])).toEqual([[Topics.SourceCreditV1, 'write']]);
  });

  it('gives every reading service its consumer groups by prefix, and nothing by wildcard', () => {
    const groups = acls.filter((b) => b.resourceType === 'group' && b.principal !== `User:${ToolPrincipals.Test}` && b.principal !== `User:${ToolPrincipals.Bench}`);
    for (const g of groups) expect(g.patternType).toBe('prefixed');
    expect(groups.find((g) => g.principal === 'User:execution-adapters')?.name).toBe('governor.execution-adapters');
    const wildcards = acls.filter((b) => b.name === '*').map((b) => b.principal);
    expect(new Set(wildcards)).toEqual(new Set([`User:${ToolPrincipals.Test}`, `User:${ToolPrincipals.Bench}`]));
  });

  it('names every topic, on a namespace when given one, and lets someone read and write each', () => {
    const namespaced = registryAcls({ namespace: 'ns-1.', groupPrefixOf: (p) => `ns-1.${p}` });
    for (const topic of TOPIC_REGISTRY) {
      expect(who(namespaced, `ns-1.${topic.name}`, 'write').length).toBeGreaterThan(0);
      expect(who(namespaced, `ns-1.${topic.name}`, 'read').length).toBeGreaterThan(0);
    }
    expect(namespaced.find((b) => b.principal === 'User:data-quality' && b.resourceType === 'group')?.name).toBe('ns-1.data-quality');
  });

  it('lists a SCRAM user for every principal, the administrator first', () => {
    const principals = registryPrincipals();
    expect(principals[0]).toBe(ToolPrincipals.Admin);
    for (const name of [...Object.values(ServicePrincipals), ...Object.values(ProducerPrincipals), ...Object.values(ToolPrincipals)]) {
      expect(principals).toContain(name);
    }
  });

  it("gives an operator-provisioned user its topics and groups starting with its name", () => {
    expect(userAcls('wms-eu', [Topics.SourceInventoryV1], [])).toEqual([
      { principal: 'User:wms-eu', resourceType: 'topic', patternType: 'literal', name: Topics.SourceInventoryV1, operation: 'write' },
    ]);
    expect(userAcls('ledger', [], [Topics.ActionsApprovedV1]).map((b) => [b.resourceType, b.patternType, b.name, b.operation])).toEqual([
      ['topic', 'literal', Topics.ActionsApprovedV1, 'read'],
      ['group', 'prefixed', 'ledger', 'read'],
    ]);
  });
});
