// Business domains and the modes the circuit breaker and operators put them in (docs/contract.md sections 2-4).
import { type ValueOf, valuesOf } from './value-of';

/**
 * Every domain an action can belong to. The first four are also the domains of source topics;
 * `planning` exists only as the domain of `planning.notify-planner` and
 * `planning.promote-model-version`.
 */
export const Domains = {
  Inventory: 'inventory',
  Orders: 'orders',
  Procurement: 'procurement',
  Credit: 'credit',
  Planning: 'planning',
} as const;
export type Domain = ValueOf<typeof Domains>;
export const DOMAIN_VALUES = valuesOf(Domains);

/** The domains that have a source topic: every domain but `planning`. */
export const SOURCE_DOMAIN_VALUES = [
  Domains.Inventory,
  Domains.Orders,
  Domains.Procurement,
  Domains.Credit,
] as const satisfies readonly Domain[];
export type SourceDomain = (typeof SOURCE_DOMAIN_VALUES)[number];

/** How a domain's actions are governed right now. */
export const DomainModes = {
  Automated: 'automated',
  ManualFallback: 'manual-fallback',
  Probation: 'probation',
} as const;
export type DomainMode = ValueOf<typeof DomainModes>;
export const DOMAIN_MODE_VALUES = valuesOf(DomainModes);

/** Amounts without a `currency` are in this one (docs/contract.md section 1). */
export const DEFAULT_CURRENCY = 'USD';
