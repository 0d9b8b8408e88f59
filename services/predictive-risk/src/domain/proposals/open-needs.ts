// Open needs keep the service from proposing the same thing on every event. A need is keyed by
// what it is about (e.g. `replenish|SKU@LOC`); once proposed it stays open for a cooldown, during
// which nothing more is proposed for it unless the need grows (replenishment counts the quantity
// already proposed as on order, so only a shortfall beyond it is proposed). A need that resolves
// (stock back above the reorder point, a hold released) is closed at once.

export interface OpenNeed {
  readonly key: string;
  readonly actionType: string;
  readonly actionId: string;
  /** Quantity proposed so far while open (units for replenishment, 0 where it means nothing). */
  readonly quantity: number;
  readonly proposedAt: Date;
}

export const NeedKeys = {
  replenish: (sku: string, location: string) => `replenish|${sku}@${location}`,
  noSupplierTerms: (sku: string, location: string) => `no-supplier-terms|${sku}@${location}`,
  expedite: (purchaseOrderId: string) => `expedite|${purchaseOrderId}`,
  orderAtRisk: (orderId: string) => `order-at-risk|${orderId}`,
  creditHold: (orderId: string) => `credit-hold|${orderId}`,
  creditRelease: (orderId: string) => `credit-release|${orderId}`,
  lowQuality: (type: string, subject: string) => `low-quality|${type}|${subject}`,
} as const;

/** The need while it is open: proposed less than `cooldownSeconds` ago; undefined otherwise. */
export function activeNeed(
  need: OpenNeed | undefined,
  now: Date,
  cooldownSeconds: number,
): OpenNeed | undefined {
  if (!need) return undefined;
  return now.getTime() - need.proposedAt.getTime() < cooldownSeconds * 1000 ? need : undefined;
}

/** The need after proposing `quantity` more for it now: the open quantity grows, the clock restarts. */
export function afterProposal(
  active: OpenNeed | undefined,
  key: string,
  actionType: string,
  actionId: string,
  quantity: number,
  now: Date,
): OpenNeed {
  return { key, actionType, actionId, quantity: (active?.quantity ?? 0) + quantity, proposedAt: now };
}
