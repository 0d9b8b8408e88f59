// Which domain mode governs a proposal. A proposal derived from a domain's data is only as
// trustworthy as that data: a purchase order (procurement) proposed from inventory reports must not
// run automatically while the inventory feeds have fallen back. So the mode that governs is the
// most restrictive of the action's own domain and the business domains of its source events.
import { DomainModes, SOURCE_DOMAIN_VALUES, type Domain, type DomainMode } from '@governor/contracts';

const SEVERITY: Record<DomainMode, number> = {
  [DomainModes.Automated]: 0,
  [DomainModes.Probation]: 1,
  [DomainModes.ManualFallback]: 2,
};

/** The action's domain and the domains of its source events' types (`inventory.level-reported.v1` -> inventory). */
export function governingDomains(actionDomain: Domain, sourceEventTypes: readonly string[]): Domain[] {
  const domains = new Set<Domain>([actionDomain]);
  for (const type of sourceEventTypes) {
    const prefix = type.split('.')[0];
    if ((SOURCE_DOMAIN_VALUES as readonly string[]).includes(prefix)) domains.add(prefix as Domain);
  }
  return [...domains];
}

export function mostRestrictiveMode(modes: readonly DomainMode[]): DomainMode {
  return modes.reduce<DomainMode>((worst, mode) => (SEVERITY[mode] > SEVERITY[worst] ? mode : worst), DomainModes.Automated);
}
