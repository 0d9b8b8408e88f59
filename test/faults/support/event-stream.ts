// A steady stream of valid source events (each of the seven types, fresh ids) and small, confident
// purchase-order proposals from a registered agent, recorded in a FaultHistory, so a fault can be
// injected "in the middle of a stream" and the whole history checked afterwards.
import { ActionTypes, EventTypes, topicOfEventType, type CloudEvent, type EventType } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName } from '@governor/testing';
import type { FaultHistory } from './fault-history';

// No supplier deliveries: the example one scores low on timeliness, and an agent's purchase order is
// judged on the lowest mean score of its domain's feeds, which would send every one to people.
const SOURCE_TYPES: EventType[] = [
  EventTypes.InventoryLevelReportedV1,
  EventTypes.InventoryDemandRecordedV1,
  EventTypes.OrdersSalesOrderPlacedV1,
  EventTypes.OrdersShipmentStatusReportedV1,
  EventTypes.ProcurementSupplierTermsUpdatedV1,
  EventTypes.CreditCustomerExposureUpdatedV1,
];

export function sourceEvent(type: EventType): { topic: string; event: CloudEvent<unknown> } {
  const now = new Date().toISOString();
  const example = exampleEvent(type) as unknown as CloudEvent<Record<string, unknown>>;
  const data = type === EventTypes.InventoryLevelReportedV1 ? { ...example.data, asOf: now } : example.data;
  return { topic: topicOfEventType(type), event: { ...example, id: uniqueName('src'), time: now, data } };
}

/** A purchase order small and confident enough to be approved automatically (docs/design.md). */
export function smallPurchaseOrder(agentId: string): CloudEvent<unknown> {
  const actionId = uniqueName('act');
  return {
    ...exampleEvent(EventTypes.AgentActionProposedV1),
    id: uniqueName('proposal'),
    source: `urn:agent:${agentId}`,
    subject: actionId,
    time: new Date().toISOString(),
    data: {
      actionId,
      agentId,
      actionType: ActionTypes.CreatePurchaseOrder,
      parameters: { supplierId: 'SUP-001', sku: 'SKU-FAULT', location: 'DC-EAST', quantity: 100, unitCost: 12.5, amount: 1_250, needBy: '2026-12-10' },
      confidence: 0.96,
      rationale: 'fault suite',
    },
  };
}

export class EventStream {
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private tick = 0;
  failures = 0;

  constructor(
    private readonly history: FaultHistory,
    private readonly agentId: string,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sending = this.sending.then(() => this.send()).catch(() => {
        this.failures++;
      });
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
  }

  /** Runs the stream for a while around `during`. */
  async around<T>(during: () => Promise<T>, leadMs = 1_000, tailMs = 1_000): Promise<T> {
    this.start();
    try {
      await new Promise((r) => setTimeout(r, leadMs));
      const result = await during();
      await new Promise((r) => setTimeout(r, tailMs));
      return result;
    } finally {
      await this.stop();
    }
  }

  private async send(): Promise<void> {
    this.tick++;
    await this.history.publishSource([sourceEvent(SOURCE_TYPES[this.tick % SOURCE_TYPES.length]), sourceEvent(SOURCE_TYPES[(this.tick + 3) % SOURCE_TYPES.length])]);
    if (this.tick % 4 === 0) await this.history.publishProposals([smallPurchaseOrder(this.agentId)], 'if-auto-approved');
  }
}
