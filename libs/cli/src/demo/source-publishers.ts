// The demo's producers, one per source system and agent, each connected as its own Kafka principal
// (ERP, WMS, TMS, finance and the two agents of the topic registry): against the local secured
// broker, each may write only its own topics, as a real source system would.
import type { Kafka } from 'kafkajs';
import { ProducerPrincipals, ToolPrincipals, type ProducerPrincipal } from '@governor/contracts';
import { createKafka, EventPublisher, type OutgoingRecord } from '@governor/messaging';

/** The principal of a source URI: `urn:wms:dc-east` is the WMS, `urn:agent:replenisher` its agent. */
export function principalOfSource(source: string): ProducerPrincipal | undefined {
  const [, system, name] = /^urn:([a-z-]+):([a-z0-9-]+)/.exec(source) ?? [];
  const candidate = system === 'agent' ? `agent-${name}` : system;
  return (Object.values(ProducerPrincipals) as string[]).includes(candidate ?? '') ? (candidate as ProducerPrincipal) : undefined;
}

export class SourcePublishers {
  private readonly publishers = new Map<string, EventPublisher>();

  constructor(
    private readonly brokers: string[],
    private readonly namespace: string,
  ) {}

  /** Publishes each record as its source's principal (the operator's for an unknown source), in order per source. */
  async publishAll(records: readonly OutgoingRecord[]): Promise<void> {
    const bySource = new Map<string, OutgoingRecord[]>();
    for (const record of records) {
      const principal = principalOfSource(record.event.source) ?? ToolPrincipals.Operator;
      bySource.set(principal, [...(bySource.get(principal) ?? []), record]);
    }
    await Promise.all([...bySource].map(async ([principal, group]) => (await this.publisher(principal)).publishAll(group)));
  }

  async disconnect(): Promise<void> {
    await Promise.all([...this.publishers.values()].map((p) => p.disconnect()));
  }

  private async publisher(principal: string): Promise<EventPublisher> {
    let publisher = this.publishers.get(principal);
    if (!publisher) {
      const kafka: Kafka = createKafka({ brokers: this.brokers, clientId: `governor-demo-${principal}`, principal });
      publisher = new EventPublisher(kafka, { namespace: this.namespace });
      this.publishers.set(principal, publisher);
      await publisher.connect();
    }
    return publisher;
  }
}
