// Federated policy (docs/contract.md section 7, "Policy sets"): a central set (the guardrails) owned by
// the `governance` role, and one set per domain owned by `governance:<domain>`, each versioned and
// activated on its own. Cedar evaluates the active central set and every active domain set together,
// so a guardrail's forbid still overrides any domain's permit. A domain set may only speak about its
// own domain's actions: every policy in it must name its resource type (`resource is
// CreatePurchaseOrder`), and that type must be one of the domain's.
import { ACTION_TYPE_VALUES, DOMAIN_VALUES, domainOfActionType, type Domain } from '@governor/contracts';
import { entityTypeOf } from './cedar-request';

export const CENTRAL = 'central';
export type PolicySetName = typeof CENTRAL | Domain;
export const POLICY_SET_NAMES: readonly PolicySetName[] = [CENTRAL, ...DOMAIN_VALUES];

const GOVERNANCE = 'governance';
const AUDITOR = 'auditor';

export function policySetName(text: string): PolicySetName | undefined {
  return (POLICY_SET_NAMES as readonly string[]).includes(text) ? (text as PolicySetName) : undefined;
}

/** The role that writes and activates a set: `governance` for the central set, `governance:<domain>` for a domain's. */
export function ownerRole(set: PolicySetName): string {
  return set === CENTRAL ? GOVERNANCE : `${GOVERNANCE}:${set}`;
}

/** Who may read the sets: central governance, any domain's governance, auditors. */
export function mayReadPolicySets(roles: readonly string[]): boolean {
  return roles.some((r) => r === GOVERNANCE || r === AUDITOR || r.startsWith(`${GOVERNANCE}:`));
}

/** The Cedar entity types of a domain's actions (a resource constraint a domain set may use). */
export function domainResourceTypes(domain: Domain): string[] {
  return ACTION_TYPE_VALUES.filter((a) => domainOfActionType(a) === domain).map((a) => entityTypeOf(a));
}

/** What the set check needs of a parsed policy: its id, and the resource types it is limited to (null: any). */
export interface ScopedPolicy {
  id: string;
  resourceTypes: readonly string[] | null;
}

/** One message per policy of a domain set that reaches outside the domain; none for the central set. */
export function policiesOutsideDomain(set: PolicySetName, policies: readonly ScopedPolicy[]): string[] {
  if (set === CENTRAL) return [];
  const own = domainResourceTypes(set);
  return policies.flatMap((p) => {
    if (p.resourceTypes === null) {
      return [`policy "${p.id}" must name its resource type (resource is ${own.join(' or ')}): the ${set} set may only govern ${set} actions`];
    }
    const foreign = p.resourceTypes.filter((t) => !own.includes(t));
    return foreign.length > 0 ? [`policy "${p.id}" governs ${foreign.join(', ')}, outside the ${set} domain (${own.join(', ')})`] : [];
  });
}

/** The active version of each set, the central set first, then domains in name order. */
export type ActiveSets = ReadonlyMap<PolicySetName, { version: number; policies: string }>;

/** The text Cedar evaluates: every active set's policies, one after another, in a stable order. */
export function composeSets(sets: ActiveSets): { key: string; text: string; versions: Record<string, string> } {
  const ordered = [...sets.entries()].sort(([a], [b]) => (a === CENTRAL ? -1 : b === CENTRAL ? 1 : a.localeCompare(b)));
  return {
    key: ordered.map(([set, v]) => `${set}:${v.version}`).join('+'),
    text: ordered.map(([set, v]) => `// policy set ${set}, version ${v.version}\n${v.policies}`).join('\n\n'),
    versions: Object.fromEntries(ordered.map(([set, v]) => [set, String(v.version)])),
  };
}
