// Healthy source systems for system tests: a clean inventory level (WMS) and supplier terms
// (procurement) every second, each with a fresh id, so their feeds stay fresh and well scored.
// A feed can be paused to play an outage.
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { EventPublisher } from '@governor/messaging';
import { uniqueName } from '@governor/testing';

type Feed = 'inventory' | 'procurement';

export class SteadyFeeds {
  private timer: NodeJS.Timeout | undefined;
  private readonly paused = new Set<Feed>();
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly publisher: EventPublisher,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sending = this.sending.then(() => this.send()).catch(() => undefined);
    }, this.intervalMs);
  }

  pause(feed: Feed): void {
    this.paused.add(feed);
  }

  resume(feed: Feed): void {
    this.paused.delete(feed);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sending;
  }

  private async send(): Promise<void> {
    const now = new Date().toISOString();
    const records = [];
    if (!this.paused.has('inventory')) {
      const level = exampleEvent(EventTypes.InventoryLevelReportedV1);
      records.push({
        topic: Topics.SourceInventoryV1,
        event: { ...level, id: uniqueName('lvl'), time: now, data: { ...level.data, asOf: now } },
      });
    }
    if (!this.paused.has('procurement')) {
      const terms = exampleEvent(EventTypes.ProcurementSupplierTermsUpdatedV1);
      records.push({ topic: Topics.SourceProcurementV1, event: { ...terms, id: uniqueName('terms'), time: now } });
    }
    await this.publisher.publishAll(records);
  }
}
