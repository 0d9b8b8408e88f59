// Replenishment of one SKU at one location: the stockout model's plan with the supplier of the
// best terms (lowest unit cost, then shortest effective lead time, then smallest minimum order),
// and, when the stock position is at or below the reorder point, a proposal for the shortfall to
// the order-up-to level: a transfer from another location when one holds that much above its own
// order-up-to level (faster, and nothing is bought), else a purchase order sized to the supplier's
// minimum, needed by today + the quoted lead time.
import { ActionTypes, NotificationSeverities } from '@governor/contracts';
import { addDays } from '../math/calendar';
import { type RunningStats } from '../math/welford';
import { type ModelDefinition, type ModelRef } from '../models/model-catalog';
import {
  type DemandRate,
  orderQuantity,
  planReplenishment,
  type ReplenishmentPlan,
  type StockLevels,
  stockPosition,
  type StockoutParameters,
} from '../models/stockout-risk';
import { effectiveLeadTime, type SupplierLeadTimeParameters } from '../models/supplier-lead-time';
import { NeedKeys } from './open-needs';
import { type Evidence, type Features, money, type ProposalDraft, round, type SourceRef } from './proposal';

export interface InventoryInput {
  readonly location: string;
  readonly levels: StockLevels;
  readonly unitCost: number;
  readonly evidence: Evidence;
}

export interface DemandInput {
  readonly rate: DemandRate;
  readonly evidence: Evidence;
}

export interface SupplierInput {
  readonly supplierId: string;
  readonly unitCost: number;
  readonly minOrderQuantity: number;
  readonly quotedLeadTimeDays: number;
  readonly lateness: RunningStats;
  readonly evidence: Evidence;
}

export interface ReplenishmentInput {
  readonly sku: string;
  readonly location: string;
  /** The date of the triggering event: needBy counts from it, so replays propose the same. */
  readonly today: string;
  readonly inventory: InventoryInput;
  readonly demand: DemandInput;
  readonly suppliers: readonly SupplierInput[];
  readonly otherLocations: readonly { readonly inventory: InventoryInput; readonly demand: DemandInput }[];
  /** Units already proposed for this need while it is open: counted as on order. */
  readonly openQuantity: number;
  readonly trigger: SourceRef;
}

export interface ReplenishmentModels {
  readonly stockout: ModelDefinition<StockoutParameters>;
  /** The demand-sensing version whose level and variance the plan rests on (named in the features). */
  readonly demand: ModelRef;
  readonly leadTime: SupplierLeadTimeParameters;
}

export type ReplenishmentOutcome =
  /** No supplier terms: no lead time, no plan; a planner hears of it when cover is short. */
  | {
      readonly kind: 'no-supplier';
      readonly daysOfCover: number | null;
      readonly draft: ProposalDraft | null;
    }
  /** Above the reorder point counting open proposals; `resolved` when even without them. */
  | { readonly kind: 'covered'; readonly plan: ReplenishmentPlan; readonly resolved: boolean }
  | { readonly kind: 'propose'; readonly plan: ReplenishmentPlan; readonly draft: ProposalDraft };

export function bestSupplier(
  suppliers: readonly SupplierInput[],
  leadTimeParams: SupplierLeadTimeParameters,
): SupplierInput | undefined {
  const leadDays = (s: SupplierInput) =>
    effectiveLeadTime(s.quotedLeadTimeDays, s.lateness, leadTimeParams).days;
  return [...suppliers].sort(
    (a, b) =>
      a.unitCost - b.unitCost ||
      leadDays(a) - leadDays(b) ||
      a.minOrderQuantity - b.minOrderQuantity ||
      a.supplierId.localeCompare(b.supplierId),
  )[0];
}

export function daysOfCover(position: number, meanDailyDemand: number): number | null {
  return meanDailyDemand > 0 ? position / meanDailyDemand : null;
}

export function planLocation(input: ReplenishmentInput, models: ReplenishmentModels): ReplenishmentOutcome {
  const params = models.stockout.parameters;
  const position = stockPosition(input.inventory.levels);
  const supplier = bestSupplier(input.suppliers, models.leadTime);
  if (!supplier) return noSupplier(input, models, position);

  const leadTime = effectiveLeadTime(supplier.quotedLeadTimeDays, supplier.lateness, models.leadTime);
  const plan = planReplenishment(input.demand.rate, leadTime, position + input.openQuantity, params);
  if (!plan.belowReorderPoint) {
    return { kind: 'covered', plan, resolved: position > plan.reorderPoint };
  }
  const shortfall = Math.ceil(plan.orderUpToLevel - plan.stockPosition - 1e-9);
  const features: Features = {
    demandModelVersion: models.demand.version,
    averageDailyDemand: round(input.demand.rate.mean),
    dailyDemandSd: round(Math.sqrt(input.demand.rate.variance)),
    daysObserved: input.demand.rate.daysObserved,
    quotedLeadTimeDays: supplier.quotedLeadTimeDays,
    leadTimeDays: round(leadTime.days),
    leadTimeVariance: round(leadTime.varianceDays2),
    serviceLevel: params.serviceLevel,
    z: round(plan.z),
    leadTimeDemand: round(plan.leadTimeDemandMean),
    leadTimeDemandSd: round(plan.leadTimeDemandSd),
    safetyStock: round(plan.safetyStock),
    reorderPoint: round(plan.reorderPoint),
    reviewPeriodDays: params.reviewPeriodDays,
    orderUpToLevel: round(plan.orderUpToLevel),
    onHand: input.inventory.levels.onHand,
    allocated: input.inventory.levels.allocated,
    inTransit: input.inventory.levels.inTransit,
    openProposedQuantity: input.openQuantity,
    stockPosition: round(plan.stockPosition),
    stockoutProbability: round(plan.stockoutProbability),
    protectionStockoutProbability: round(plan.protectionStockoutProbability),
    historyFactor: round(plan.historyFactor),
  };
  const transfer = transferSource(input, models, leadTime, shortfall);
  const draft = transfer
    ? transferDraft(input, models, plan, features, transfer, shortfall)
    : purchaseDraft(input, models, plan, features, supplier, shortfall);
  return { kind: 'propose', plan, draft };
}

function transferSource(
  input: ReplenishmentInput,
  models: ReplenishmentModels,
  leadTime: { days: number; varianceDays2: number },
  shortfall: number,
): { inventory: InventoryInput; demand: DemandInput; surplus: number } | undefined {
  let best: { inventory: InventoryInput; demand: DemandInput; surplus: number } | undefined;
  for (const other of input.otherLocations) {
    if (other.demand.rate.daysObserved < 1) continue;
    const position = stockPosition(other.inventory.levels);
    const plan = planReplenishment(other.demand.rate, leadTime, position, models.stockout.parameters);
    // Only what it holds above its own order-up-to level is surplus, and only stock on hand moves.
    const surplus = Math.floor(
      Math.min(
        position - plan.orderUpToLevel,
        other.inventory.levels.onHand - other.inventory.levels.allocated,
      ),
    );
    if (surplus >= shortfall && (!best || surplus > best.surplus)) best = { ...other, surplus };
  }
  return best;
}

function purchaseDraft(
  input: ReplenishmentInput,
  models: ReplenishmentModels,
  plan: ReplenishmentPlan,
  features: Features,
  supplier: SupplierInput,
  shortfall: number,
): ProposalDraft<typeof ActionTypes.CreatePurchaseOrder> {
  const quantity = orderQuantity(plan.orderUpToLevel, plan.stockPosition, supplier.minOrderQuantity);
  const amount = money(quantity * supplier.unitCost);
  return {
    actionType: ActionTypes.CreatePurchaseOrder,
    parameters: {
      supplierId: supplier.supplierId,
      sku: input.sku,
      location: input.location,
      quantity,
      unitCost: supplier.unitCost,
      amount,
      needBy: addDays(input.today, supplier.quotedLeadTimeDays),
    },
    confidence: plan.confidence,
    rationale:
      `Stock position ${round(plan.stockPosition, 2)} of ${input.sku} at ${input.location} is at or below the reorder point ` +
      `${round(plan.reorderPoint, 2)} (lead-time demand ${round(plan.leadTimeDemandMean, 2)} plus safety stock ` +
      `${round(plan.safetyStock, 2)} at a ${models.stockout.parameters.serviceLevel} service level). P(stockout within the lead time) = ` +
      `${round(plan.stockoutProbability, 3)}. Ordering ${quantity} from ${supplier.supplierId} (shortfall ${shortfall}, minimum ` +
      `order ${supplier.minOrderQuantity}) restores the order-up-to level ${round(plan.orderUpToLevel, 2)}.`,
    features: {
      ...features,
      supplierId: supplier.supplierId,
      unitCost: supplier.unitCost,
      minOrderQuantity: supplier.minOrderQuantity,
      shortfall,
    },
    evidence: [input.inventory.evidence, input.demand.evidence, supplier.evidence],
    model: { id: models.stockout.id, version: models.stockout.version },
    subject: `${input.sku}@${input.location}`,
    trigger: input.trigger,
    need: { key: NeedKeys.replenish(input.sku, input.location), quantity },
  };
}

function transferDraft(
  input: ReplenishmentInput,
  models: ReplenishmentModels,
  plan: ReplenishmentPlan,
  features: Features,
  source: { inventory: InventoryInput; demand: DemandInput; surplus: number },
  shortfall: number,
): ProposalDraft<typeof ActionTypes.TransferStock> {
  const from = source.inventory.location;
  return {
    actionType: ActionTypes.TransferStock,
    parameters: {
      sku: input.sku,
      fromLocation: from,
      toLocation: input.location,
      quantity: shortfall,
      amount: money(shortfall * source.inventory.unitCost),
    },
    confidence: plan.confidence,
    rationale:
      `Stock position ${round(plan.stockPosition, 2)} of ${input.sku} at ${input.location} is at or below the reorder point ` +
      `${round(plan.reorderPoint, 2)}; ${from} holds ${source.surplus} above its own order-up-to level, enough to move the ` +
      `shortfall of ${shortfall} without buying.`,
    features: { ...features, fromLocation: from, sourceSurplus: source.surplus, shortfall },
    evidence: [
      input.inventory.evidence,
      input.demand.evidence,
      source.inventory.evidence,
      source.demand.evidence,
    ],
    model: { id: models.stockout.id, version: models.stockout.version },
    subject: `${input.sku}@${input.location}`,
    trigger: input.trigger,
    need: { key: NeedKeys.replenish(input.sku, input.location), quantity: shortfall },
  };
}

function noSupplier(
  input: ReplenishmentInput,
  models: ReplenishmentModels,
  position: number,
): ReplenishmentOutcome {
  const cover = daysOfCover(position, input.demand.rate.mean);
  const reviewDays = models.stockout.parameters.reviewPeriodDays;
  if (cover === null || cover >= reviewDays) return { kind: 'no-supplier', daysOfCover: cover, draft: null };
  const draft: ProposalDraft<typeof ActionTypes.NotifyPlanner> = {
    actionType: ActionTypes.NotifyPlanner,
    parameters: {
      severity: NotificationSeverities.Warning,
      message:
        `${input.sku} at ${input.location} covers ${round(cover, 1)} days of demand, less than the ${reviewDays}-day review ` +
        `period, and no supplier terms are known for ${input.sku}: it cannot be replenished automatically.`,
    },
    confidence: Math.min(
      1,
      input.demand.rate.daysObserved / Math.max(1, models.stockout.parameters.minHistoryDays),
    ),
    rationale: `Days of cover ${round(cover, 2)} below the review period of ${reviewDays} days; no supplier terms.`,
    features: {
      stockPosition: round(position),
      demandModelVersion: models.demand.version,
    averageDailyDemand: round(input.demand.rate.mean),
      daysOfCover: round(cover),
      reviewPeriodDays: reviewDays,
    },
    evidence: [input.inventory.evidence, input.demand.evidence],
    model: { id: models.stockout.id, version: models.stockout.version },
    subject: `${input.sku}@${input.location}`,
    trigger: input.trigger,
    need: { key: NeedKeys.noSupplierTerms(input.sku, input.location), quantity: 0 },
  };
  return { kind: 'no-supplier', daysOfCover: cover, draft };
}
