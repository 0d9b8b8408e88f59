// The world of the scenario: SKUs with their demand profile (weekly seasonality), locations,
// suppliers with terms and reliability, and customers with credit limits.
import { Random } from './random';

export const LOCATIONS = ['DC-EAST', 'DC-WEST', 'DC-NORTH', 'DC-SOUTH'] as const;

export interface SupplierOffer {
  supplierId: string;
  unitCost: number;
  minOrderQuantity: number;
  quotedLeadTimeDays: number;
  /** Mean days late of this supplier's deliveries (0 = on time). */
  meanLatenessDays: number;
}

export interface SkuProfile {
  sku: string;
  unitPrice: number;
  /** Mean daily demand per location. */
  baseDemand: number;
  offers: SupplierOffer[];
}

export interface Customer {
  customerId: string;
  creditLimit: number;
  /** A few customers run over their limit or fall behind: the credit risks of the day. */
  risky: boolean;
}

export interface Catalog {
  skus: SkuProfile[];
  locations: string[];
  customers: Customer[];
}

/** Monday..Sunday demand multipliers (index = Date.getUTCDay(), Sunday first). */
export const WEEKLY_SEASONALITY = [0.55, 1.15, 1.1, 1.05, 1.1, 1.25, 0.8];

export function buildCatalog(random: Random, skuCount: number, locationCount: number, customerCount: number): Catalog {
  const suppliers = Array.from({ length: Math.max(3, Math.ceil(skuCount / 15)) }, (_, i) => ({
    supplierId: `SUP-${String(i + 1).padStart(3, '0')}`,
    meanLatenessDays: i % 4 === 0 ? random.int(3, 6) : random.chance(0.3) ? 1 : 0,
  }));
  const skus = Array.from({ length: skuCount }, (_, i): SkuProfile => {
    const unitCost = Math.round(random.int(200, 6_000)) / 100;
    const offers = [random.pick(suppliers), random.pick(suppliers)]
      .filter((s, idx, all) => all.findIndex((o) => o.supplierId === s.supplierId) === idx)
      .map((s) => ({
        supplierId: s.supplierId,
        unitCost: Math.round(unitCost * (0.9 + random.next() * 0.25) * 100) / 100,
        minOrderQuantity: random.pick([1, 10, 24, 50]),
        quotedLeadTimeDays: random.int(3, 12),
        meanLatenessDays: s.meanLatenessDays,
      }));
    return {
      sku: `SKU-${String(1001 + i)}`,
      unitPrice: Math.round(unitCost * 1.6 * 100) / 100,
      baseDemand: random.int(4, 60),
      offers,
    };
  });
  const customers = Array.from({ length: customerCount }, (_, i) => ({
    customerId: `CUST-${String(i + 1).padStart(4, '0')}`,
    creditLimit: random.pick([20_000, 50_000, 100_000, 250_000]),
    risky: i % 9 === 4,
  }));
  return { skus, locations: LOCATIONS.slice(0, locationCount), customers };
}
