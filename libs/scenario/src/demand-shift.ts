// A shift in demand, as a real business has one: a competitor's promotion week. Over the last
// `days` days (today included) a seeded share of the SKUs sells `factor` times as much as usual at
// every location. It changes the recorded demand a scenario already carries
// (inventory.demand-recorded.v1), whenever in the day it is published, and nothing else: the demand
// generator (scenario.ts) stays as it is. Demand sensing sees the week as drift (PSI), which starts
// its retraining; smaller forecasts make smaller orders, so the day's mix of decisions holds.
import { EventTypes } from '@governor/contracts';
import { Random } from './random';
import type { Scenario } from './scenario';

export interface DemandShift {
  /** The SKUs whose demand shifted. */
  skus: string[];
  /** The first day of the shift (YYYY-MM-DD). */
  from: string;
  /** Demand in the shift over demand before it. */
  factor: number;
}

/**
 * Scales the recorded demand of a share of the SKUs from `days - 1` days before `today` on, in
 * place. Answers what it did, for the demo to say.
 */
export function applyCompetitorPromotion(
  scenario: Scenario,
  options: { seed: number; today: Date; days?: number; factor?: number; share?: number },
): DemandShift {
  const { days = 7, factor = 0.4, share = 0.8 } = options;
  const random = new Random(options.seed ^ 0x5eed);
  const skus = scenario.catalog.skus.filter(() => random.chance(share)).map((s) => s.sku);
  const shifted = new Set(skus);
  const today = Date.UTC(options.today.getUTCFullYear(), options.today.getUTCMonth(), options.today.getUTCDate());
  const from = new Date(today - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  for (const { event } of scenario.events) {
    if (event.type !== EventTypes.InventoryDemandRecordedV1) continue;
    const data = event.data as { sku: string; date: string; quantity: number };
    if (shifted.has(data.sku) && data.date >= from) data.quantity = Math.round(data.quantity * factor);
  }
  return { skus, from, factor };
}
