// What the pipeline is fed. The scenario generator's world (libs/scenario: SKUs, locations,
// suppliers, demand history) is seeded first, for a subset of its SKUs: supplier terms and the
// recorded demand of the past days, so the stockout model has what it needs. Then two workloads,
// each of which turns every measured source event into exactly one decision:
// - stock reports (the whole chain): an inventory level below the reorder point for a seeded
//   SKU@location; data-quality scores it, predictive-risk proposes a purchase order or transfer
//   (cooldown 0: every report proposes), policy-enforcement decides, execution-adapters executes
//   what was approved automatically;
// - agent proposals (policy-enforcement and execution-adapters only): small purchase orders from
//   the registered replenishment agent on agents.proposals.v1, each signed with the agent's key
//   (signed before the clock starts: the agent's signing is not Governor's latency).
import { ActionTypes, type CloudEvent, EventTypes, Topics, type TopicName } from '@governor/contracts';
import type { EventPublisher } from '@governor/messaging';
import { AGENTS, buildScenario, type SkuProfile } from '@governor/scenario';
import { signedProposal, testAgentPublicKey } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import type { LoadSource, Tracker } from './load-ladder';
import type { PipelineSink } from './pipeline-sink';

export interface SeedPlan {
  records: { topic: TopicName; event: CloudEvent<unknown> }[];
  subjects: { sku: SkuProfile; location: string }[];
}

/**
 * Supplier terms and demand history of `skuCount` SKUs of a medium scenario: half of them the
 * cheapest to replenish (their purchase orders stay under the automatic limit, so some actions run
 * automatically and the execution path is measured), half in catalog order (large orders a person
 * approves).
 */
export function seedPlan(seed: number, skuCount: number, runId: string): SeedPlan {
  const scenario = buildScenario({ seed, size: 'medium', durationSeconds: 60, runId: `${runId}-seed` });
  const replenishValue = (s: SkuProfile) => Math.min(...s.offers.map((o) => s.baseDemand * (o.quotedLeadTimeDays + 7) * o.unitCost));
  const cheap = [...scenario.catalog.skus].sort((a, b) => replenishValue(a) - replenishValue(b)).slice(0, Math.ceil(skuCount / 2));
  const skus = [...cheap, ...scenario.catalog.skus.filter((s) => !cheap.includes(s)).slice(0, Math.floor(skuCount / 2))];
  const wanted = new Set(skus.map((s) => s.sku));
  const now = new Date().toISOString();
  const history = scenario.events.filter((e) => e.phase === 'history' && wanted.has((e.event.data as { sku: string }).sku));
  const terms = history.filter((e) => e.event.type === EventTypes.ProcurementSupplierTermsUpdatedV1);
  // Recorded demand in date order, as an ERP backfills it: the demand model takes a record for a
  // day it has already closed as late, so the scenario's shuffled history would leave some
  // SKU@locations with little or no demand state.
  const dateOf = (e: (typeof history)[number]) => (e.event.data as { date: string }).date;
  const demand = history.filter((e) => e.event.type === EventTypes.InventoryDemandRecordedV1).sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
  const records = [...terms, ...demand].map((e) => ({ topic: e.topic, event: { ...e.event, time: now } }));
  const subjects = skus.flatMap((sku) => scenario.catalog.locations.map((location) => ({ sku, location })));
  return { records, subjects };
}

/**
 * One sequence for every workload object of a run: a repeated (source, id) is a duplicate by
 * design (data-quality drops it), so two workload objects must never reuse an id.
 */
let sequence = 0;

export async function publishSeed(publisher: EventPublisher, plan: SeedPlan): Promise<void> {
  for (let i = 0; i < plan.records.length; i += 500) await publisher.publishAll(plan.records.slice(i, i + 500));
}

export async function registerAgents(stack: GovernorStack): Promise<void> {
  const governance = stack.api.as('u-governance', ['governance']);
  for (const agent of AGENTS) {
    await governance.call('policy-enforcement', 'PUT', `/agents/${agent.agentId}`, {
      owner: agent.owner,
      scope: agent.scope,
      description: agent.description,
      publicKey: await testAgentPublicKey(agent.agentId),
    });
  }
}

/** Low stock reports for the seeded SKU@locations, round robin. */
export class StockReports implements LoadSource {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly plan: SeedPlan,
    private readonly runId: string,
    private readonly sink: PipelineSink,
  ) {}

  async send(count: number, step: string, tracker: Tracker): Promise<void> {
    const now = new Date();
    const time = now.toISOString();
    const records = [];
    for (let i = 0; i < count; i++) {
      const n = sequence++;
      const { sku, location } = this.plan.subjects[n % this.plan.subjects.length];
      // Microseconds from the sequence: each report has its own asOf (data-quality's business key
      // for a stock level is subject + asOf), while reports of one subject stay in order.
      const asOf = `${time.slice(0, -1)}${String(n % 1_000).padStart(3, '0')}Z`;
      const event: CloudEvent<unknown> = {
        specversion: '1.0',
        id: `${this.runId}-lvl-${n}`,
        source: `urn:wms:${location.toLowerCase()}`,
        type: EventTypes.InventoryLevelReportedV1,
        subject: `${sku.sku}@${location}`,
        time,
        datacontenttype: 'application/json',
        // Half a day of demand on hand: below any reorder point, so the stockout model proposes.
        data: { sku: sku.sku, location, onHand: Math.max(1, Math.round(sku.baseDemand / 2)), allocated: 0, inTransit: 0, unitCost: sku.offers[0].unitCost, asOf },
      };
      tracker.sent(event.id, step, now.getTime());
      records.push({ topic: Topics.SourceInventoryV1, event });
    }
    this.sink.count(Topics.SourceInventoryV1, JSON.stringify(records[0].event).length);
    await this.publisher.publishAll(records);
  }
}

/** Small, confident purchase orders from the registered replenishment agent, within its scope. */
export class AgentProposals implements LoadSource {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly plan: SeedPlan,
    private readonly runId: string,
    private readonly sink: PipelineSink,
  ) {}

  async send(count: number, step: string, tracker: Tracker): Promise<void> {
    const now = new Date();
    const unsigned = [];
    for (let i = 0; i < count; i++) {
      const n = sequence++;
      const { sku, location } = this.plan.subjects[n % this.plan.subjects.length];
      const offer = sku.offers[0];
      const quantity = Math.max(offer.minOrderQuantity, 20 + (n % 40));
      const actionId = `${this.runId}-act-${n}`;
      const event: CloudEvent<unknown> = {
        specversion: '1.0',
        id: `${this.runId}-prop-${n}`,
        source: 'urn:agent:replenisher',
        type: EventTypes.AgentActionProposedV1,
        subject: actionId,
        time: now.toISOString(),
        datacontenttype: 'application/json',
        data: {
          actionId,
          agentId: 'replenisher',
          actionType: ActionTypes.CreatePurchaseOrder,
          parameters: {
            supplierId: offer.supplierId,
            sku: sku.sku,
            location,
            quantity,
            unitCost: offer.unitCost,
            amount: Math.round(quantity * offer.unitCost * 100) / 100,
            needBy: new Date(now.getTime() + offer.quotedLeadTimeDays * 86_400_000).toISOString().slice(0, 10),
          },
          confidence: 0.95,
          rationale: 'benchmark: projected stockout within the supplier lead time',
          modelId: 'replenisher-llm',
          modelVersion: 'bench',
        },
      };
      unsigned.push(event);
    }
    const signed = await Promise.all(unsigned.map((event) => signedProposal(event)));
    const sentAt = Date.now();
    for (const event of signed) {
      tracker.sent(event.id, step, sentAt);
      this.sink.link((event.data as { actionId: string }).actionId, event.id);
    }
    await this.publisher.publishAll(signed.map((event) => ({ topic: Topics.AgentsProposalsV1, event })));
  }
}
