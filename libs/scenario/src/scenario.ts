// A day of a distribution company as its source systems would publish it, on a timeline of
// `durationSeconds`: supplier terms, credit exposure and demand history first; then sales orders,
// inventory reports with stock running down, supplier deliveries (some late), shipments, credit
// updates and two AI agents (one within its scope, one straying outside it). The people of the day
// are in people.ts. Midway the WMS
// inventory feeds go silent, then report implausible levels, then recover.
import { ActionTypes, type CloudEvent, EventTypes, type EventType, Topics, type TopicName } from '@governor/contracts';
import { buildCatalog, type Catalog, WEEKLY_SEASONALITY } from './catalog';
import { masterDataEvents, masterDataViolations } from './master-data';
import { Random } from './random';

export type ScenarioSize = 'small' | 'medium' | 'large';
export type Phase = 'history' | 'business' | 'wms-stale' | 'wms-implausible' | 'recovery';

export interface ScenarioOptions {
  seed: number;
  size: ScenarioSize;
  /** Length of the played day in wall-clock seconds. */
  durationSeconds: number;
  historyDays?: number;
  /** The moment the play starts; event times are start + offset. */
  start?: Date;
  /**
   * Prefix of every event id. The seed fixes what happens; the run id keeps two plays of the same
   * seed apart, since a repeated (source, id) is de-duplicated by design.
   */
  runId: string;
}

export interface ScenarioEvent {
  /** Seconds after the start at which to publish. */
  at: number;
  topic: TopicName;
  event: CloudEvent<unknown>;
  phase: Phase;
}

export interface Scenario {
  catalog: Catalog;
  events: ScenarioEvent[];
  phases: { phase: Phase; from: number; to: number }[];
  agents: { agentId: string; owner: string; scope: string[]; description: string }[];
  /** How often each WMS feed reports: the staleness window should be a few of these. */
  wmsTickSeconds: number;
}

const SIZES: Record<ScenarioSize, { skus: number; locations: number; customers: number }> = {
  small: { skus: 12, locations: 2, customers: 10 },
  medium: { skus: 200, locations: 4, customers: 60 },
  large: { skus: 500, locations: 4, customers: 150 },
};

export const AGENTS = [
  {
    agentId: 'replenisher',
    owner: 'u-alice',
    scope: [ActionTypes.CreatePurchaseOrder, ActionTypes.TransferStock],
    description: 'Replenishment agent: proposes purchase orders and transfers',
  },
  {
    agentId: 'deal-closer',
    owner: 'u-bob',
    scope: [ActionTypes.ReprioritizeOrder],
    description: 'Sales agent: may only reprioritise orders',
  },
];

export function buildScenario(options: ScenarioOptions): Scenario {
  const random = new Random(options.seed);
  const size = SIZES[options.size];
  const catalog = buildCatalog(random, size.skus, size.locations, size.customers);
  const start = options.start ?? new Date();
  const d = options.durationSeconds;
  const phases: Scenario['phases'] = [
    { phase: 'history', from: 0, to: 0.1 * d },
    { phase: 'business', from: 0.1 * d, to: 0.45 * d },
    { phase: 'wms-stale', from: 0.45 * d, to: 0.65 * d },
    { phase: 'wms-implausible', from: 0.65 * d, to: 0.75 * d },
    { phase: 'recovery', from: 0.75 * d, to: d },
  ];
  const phaseAt = (at: number): Phase => phases.find((p) => at < p.to)?.phase ?? 'recovery';
  const events: ScenarioEvent[] = [];
  let sequence = 0;
  const nextId = () => `${options.runId}-${(sequence++).toString(36)}`;
  const emit = <T>(at: number, topic: TopicName, type: EventType, source: string, subject: string, data: T) => {
    const time = new Date(start.getTime() + at * 1_000).toISOString();
    events.push({
      at,
      topic,
      phase: phaseAt(at),
      event: { specversion: '1.0', id: nextId(), source, type, subject, time, datacontenttype: 'application/json', data },
    });
  };
  const historyEnd = phases[0].to;
  const today = startOfDay(start);

  // Supplier terms and credit positions, at the very beginning.
  for (const sku of catalog.skus) {
    for (const offer of sku.offers) {
      emit(random.next() * historyEnd * 0.3, Topics.SourceProcurementV1, EventTypes.ProcurementSupplierTermsUpdatedV1, 'urn:erp:procurement', `${offer.supplierId}@${sku.sku}`, {
        supplierId: offer.supplierId,
        sku: sku.sku,
        unitCost: offer.unitCost,
        minOrderQuantity: offer.minOrderQuantity,
        quotedLeadTimeDays: offer.quotedLeadTimeDays,
      });
    }
  }
  const exposure = new Map(catalog.customers.map((c) => [c.customerId, c.creditLimit * (c.risky ? 0.95 : 0.3 + random.next() * 0.3)]));
  for (const customer of catalog.customers) {
    emit(random.next() * historyEnd * 0.3, Topics.SourceCreditV1, EventTypes.CreditCustomerExposureUpdatedV1, 'urn:finance:ar', customer.customerId, {
      customerId: customer.customerId,
      creditLimit: customer.creditLimit,
      exposure: round2(exposure.get(customer.customerId) ?? 0),
      daysPastDue: customer.risky ? random.int(35, 90) : random.int(0, 10),
      currency: 'USD',
    });
  }

  // Demand history and opening stock per SKU@location.
  const historyDays = options.historyDays ?? 14;
  const stock = new Map<string, { onHand: number; inTransit: number; allocated: number }>();
  for (const sku of catalog.skus) {
    for (const location of catalog.locations) {
      const subject = `${sku.sku}@${location}`;
      for (let back = historyDays; back >= 1; back--) {
        const day = new Date(today.getTime() - back * 86_400_000);
        const mean = sku.baseDemand * WEEKLY_SEASONALITY[day.getUTCDay()];
        // Each day in its own slot of the timeline: a SKU-location's days arrive in date order,
        // as a daily batch would, and its demand model never sees a closed day reopened.
        const slot = (historyDays - back + random.next()) / historyDays;
        emit(historyEnd * (0.3 + 0.6 * slot), Topics.SourceInventoryV1, EventTypes.InventoryDemandRecordedV1, 'urn:erp:sales', subject, {
          sku: sku.sku,
          location,
          date: day.toISOString().slice(0, 10),
          quantity: Math.max(0, Math.round(random.normal(mean, Math.sqrt(mean) * 1.2))),
        });
      }
      // A quarter of the SKU-locations start low: they are the day's replenishment needs.
      const cover = random.chance(0.25) ? random.next() * 3 : 6 + random.next() * 14;
      stock.set(subject, { onHand: Math.round(sku.baseDemand * cover), inTransit: 0, allocated: 0 });
    }
  }

  // The business day: a level report per SKU@location every few seconds of play, orders, deliveries.
  const skuBy = new Map(catalog.skus.map((s) => [s.sku, s]));
  // The first SKU of each location reports at every tick, so no feed is silent by chance.
  const anchor = (subject: string) => subject.startsWith(`${catalog.skus[0].sku}@`);
  // Every WMS feed (one per location) reports every few seconds of play, each time for a quarter of
  // its SKUs: often enough that a silent feed stands out, light enough for a 2-core machine.
  const reportEvery = Math.max(2, d / 45);
  for (let t = historyEnd; t < d; t += reportEvery) {
    for (const [subject, level] of stock) {
      const [skuId, location] = subject.split('@');
      const sku = skuBy.get(skuId)!;
      const sold = Math.round(random.normal(sku.baseDemand / 4, Math.sqrt(sku.baseDemand) / 2));
      level.onHand = Math.max(0, level.onHand - Math.max(0, sold));
      level.allocated = Math.min(level.onHand, Math.round(level.onHand * 0.2));
      if (!random.chance(0.25) && !anchor(subject)) continue;
      const at = t + random.next() * reportEvery * 0.8;
      const phase = phaseAt(at);
      if (phase === 'wms-stale') continue; // the WMS feeds fall silent
      // Implausible: either stock jumps a hundredfold, or more is allocated than there is.
      const implausible = phase === 'wms-implausible' && random.chance(0.6) ? (random.chance(0.5) ? 'jump' : 'over-allocated') : undefined;
      emit(at, Topics.SourceInventoryV1, EventTypes.InventoryLevelReportedV1, `urn:wms:${location.toLowerCase()}`, subject, {
        sku: skuId,
        location,
        onHand: implausible === 'jump' ? level.onHand * 100 + 1_000 : level.onHand,
        allocated: implausible === 'over-allocated' ? level.onHand + level.inTransit + 50 : level.allocated,
        inTransit: level.inTransit,
        unitCost: sku.offers[0].unitCost,
        asOf: new Date(start.getTime() + at * 1_000).toISOString(),
      });
    }
  }

  emitOrders(random, catalog, historyEnd, d, emit, exposure, today);
  emitDeliveries(random, catalog, historyEnd, d, emit, today);
  emitAgentProposals(random, catalog, historyEnd, d, emit, nextId, today);
  emitDayDemand(random, catalog, 0.92 * d, 0.97 * d, emit, today);
  // The master data of the catalog before anything else, then, in the business hours, three
  // events that break it: a SKU and a customer nobody mastered, a cost far from the master cost.
  for (const record of masterDataEvents(catalog, start, options.runId)) events.push({ at: 0, phase: 'history', ...record });
  const breakAt = 0.3 * d;
  for (const record of masterDataViolations(catalog, new Date(start.getTime() + breakAt * 1_000), options.runId)) {
    events.push({ at: breakAt, phase: phaseAt(breakAt), ...record });
  }
  events.sort((a, b) => a.at - b.at);
  return { catalog, events, phases, agents: AGENTS, wmsTickSeconds: reportEvery };
}

type Emit = <T>(at: number, topic: TopicName, type: EventType, source: string, subject: string, data: T) => void;

function emitOrders(random: Random, catalog: Catalog, from: number, to: number, emit: Emit, exposure: Map<string, number>, today: Date): void {
  const orderCount = Math.max(6, Math.round(catalog.skus.length * catalog.locations.length * 0.4));
  for (let i = 0; i < orderCount; i++) {
    const at = from + random.next() * (to - from) * 0.9;
    const orderId = `SO-${String(100_000 + i)}`;
    const customer = random.pick(catalog.customers);
    const lines = Array.from({ length: random.int(1, 5) }, () => {
      const sku = random.pick(catalog.skus);
      return { sku: sku.sku, quantity: random.int(1, Math.max(2, Math.round(sku.baseDemand / 2))), unitPrice: sku.unitPrice };
    });
    const shipDays = random.int(0, 5);
    emit(at, Topics.SourceOrdersV1, EventTypes.OrdersSalesOrderPlacedV1, 'urn:erp:sales', orderId, {
      orderId,
      customerId: customer.customerId,
      location: random.pick(catalog.locations),
      requestedShipDate: isoDate(new Date(today.getTime() + shipDays * 86_400_000)),
      priority: random.chance(0.15) ? 'expedite' : 'standard',
      currency: 'USD',
      lines,
    });
    const value = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    exposure.set(customer.customerId, (exposure.get(customer.customerId) ?? 0) + value);
    if (random.chance(0.5)) {
      const status = random.chance(0.2) ? 'delayed' : random.pick(['picked', 'dispatched']);
      emit(at + random.next() * 10, Topics.SourceOrdersV1, EventTypes.OrdersShipmentStatusReportedV1, 'urn:tms:carrier-hub', orderId, {
        orderId,
        shipmentId: `SH-${orderId.slice(3)}`,
        status,
        carrier: random.pick(['DHL', 'UPS', 'DSV']),
        ...(status === 'delayed' ? { eta: new Date(today.getTime() + (shipDays + 3) * 86_400_000).toISOString() } : {}),
      });
    }
    if (customer.risky && random.chance(0.5)) {
      emit(at + 1, Topics.SourceCreditV1, EventTypes.CreditCustomerExposureUpdatedV1, 'urn:finance:ar', customer.customerId, {
        customerId: customer.customerId,
        creditLimit: customer.creditLimit,
        exposure: round2(exposure.get(customer.customerId) ?? 0),
        daysPastDue: random.int(35, 90),
        currency: 'USD',
      });
    }
  }
}

function emitDeliveries(random: Random, catalog: Catalog, from: number, to: number, emit: Emit, today: Date): void {
  const count = Math.max(4, Math.round(catalog.skus.length * 0.5));
  for (let i = 0; i < count; i++) {
    const sku = random.pick(catalog.skus);
    const offer = random.pick(sku.offers);
    const promised = new Date(today.getTime() - random.int(0, 3) * 86_400_000);
    const late = Math.max(0, Math.round(random.normal(offer.meanLatenessDays, 1)));
    const ordered = random.int(50, 500);
    const poId = `PO-${String(500_000 + i)}`;
    emit(from + random.next() * (to - from), Topics.SourceProcurementV1, EventTypes.ProcurementSupplierDeliveryRecordedV1, 'urn:erp:procurement', poId, {
      purchaseOrderId: poId,
      supplierId: offer.supplierId,
      sku: sku.sku,
      location: random.pick(catalog.locations),
      quantityOrdered: ordered,
      quantityReceived: random.chance(0.85) ? ordered : Math.round(ordered * 0.7),
      promisedDate: isoDate(promised),
      receivedDate: isoDate(new Date(promised.getTime() + late * 86_400_000)),
    });
  }
}

function emitAgentProposals(random: Random, catalog: Catalog, from: number, to: number, emit: Emit, nextId: () => string, today: Date): void {
  // Early in the day the replenisher moves stock between two DCs (its scope allows transfers): an
  // agent's transfer goes to a planner, and it is the one the operator reverses after the ERP's outage.
  if (catalog.locations.length > 1) {
    const sku = random.pick(catalog.skus);
    const quantity = random.int(20, 60);
    const actionId = `act-${nextId()}`;
    emit(from + 0.05 * (to - from), Topics.AgentsProposalsV1, EventTypes.AgentActionProposedV1, 'urn:agent:replenisher', actionId, {
      actionId,
      agentId: 'replenisher',
      actionType: ActionTypes.TransferStock,
      parameters: {
        sku: sku.sku,
        fromLocation: catalog.locations[1],
        toLocation: catalog.locations[0],
        quantity,
        amount: round2(quantity * sku.offers[0].unitCost),
      },
      confidence: round2(0.85 + random.next() * 0.14),
      rationale: `${catalog.locations[0]} runs short of ${sku.sku} before the next delivery; ${catalog.locations[1]} holds more than it needs`,
      modelId: 'replenisher-llm',
      modelVersion: '2026-10-01',
    });
  }
  for (let i = 0; i < 4; i++) {
    const sku = random.pick(catalog.skus);
    const offer = sku.offers[0];
    const quantity = Math.max(offer.minOrderQuantity, random.int(20, 120));
    const actionId = `act-${nextId()}`;
    emit(from + ((i + 1) / 5) * (to - from), Topics.AgentsProposalsV1, EventTypes.AgentActionProposedV1, 'urn:agent:replenisher', actionId, {
      actionId,
      agentId: 'replenisher',
      actionType: ActionTypes.CreatePurchaseOrder,
      parameters: {
        supplierId: offer.supplierId,
        sku: sku.sku,
        location: random.pick(catalog.locations),
        quantity,
        unitCost: offer.unitCost,
        amount: round2(quantity * offer.unitCost),
        needBy: isoDate(new Date(today.getTime() + offer.quotedLeadTimeDays * 86_400_000)),
      },
      confidence: round2(0.85 + random.next() * 0.14),
      rationale: `Projected stockout of ${sku.sku} within the supplier lead time`,
      modelId: 'replenisher-llm',
      modelVersion: '2026-10-01',
    });
  }
  for (let i = 0; i < 2; i++) {
    const customer = random.pick(catalog.customers);
    const actionId = `act-${nextId()}`;
    emit(from + ((i + 1) / 3) * (to - from), Topics.AgentsProposalsV1, EventTypes.AgentActionProposedV1, 'urn:agent:deal-closer', actionId, {
      actionId,
      agentId: 'deal-closer',
      actionType: ActionTypes.ReleaseOrderHold,
      parameters: { orderId: `SO-${String(100_000 + i)}`, customerId: customer.customerId, amount: 12_500 },
      confidence: 0.97,
      rationale: 'Customer promised payment on the phone; release the order to close the quarter',
    });
  }
}

/**
 * The played day's own demand, recorded by the ERP once the day's sales are in (the last orders
 * are placed by 0.91 of the day; this comes between `from` and `to`): one record per SKU@location for today, drawn from the same
 * weekly law as the history. The forecasts the day's proposals carried are judged against these
 * (the scorecard's forecast accuracy); without them no forecast ever met its actual. The WMS
 * run-down above is a compressed stock movement, not the day's sales, so it is not what is recorded.
 */
function emitDayDemand(random: Random, catalog: Catalog, from: number, to: number, emit: Emit, today: Date): void {
  const date = isoDate(today);
  const mean = (sku: Catalog['skus'][number]) => sku.baseDemand * WEEKLY_SEASONALITY[today.getUTCDay()];
  for (const sku of catalog.skus) {
    for (const location of catalog.locations) {
      emit(from + random.next() * (to - from), Topics.SourceInventoryV1, EventTypes.InventoryDemandRecordedV1, 'urn:erp:sales', `${sku.sku}@${location}`, {
        sku: sku.sku,
        location,
        date,
        quantity: Math.max(0, Math.round(random.normal(mean(sku), Math.sqrt(mean(sku)) * 1.2))),
      });
    }
  }
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
