// Watches the public outputs while the demo plays: decisions by outcome (and each one, for the
// report's charts), approved actions, and each domain's mode with the changes and their reasons. Reads the topics like any downstream system.
import { Kafka } from 'kafkajs';
import { parse, Topics, EventTypes, ToolPrincipals, type ContractEvent } from '@governor/contracts';

export interface ModeChange {
  domain: string;
  from: string;
  to: string;
  reason: string;
  triggeredBy: string;
  at: string;
}

/** One decision as the report charts it. */
export interface DecisionRecord {
  at: string;
  actionId: string;
  actionType: string;
  domain: string;
  outcome: string;
  domainMode: string;
  reasons: string[];
}

export class DemoObserver {
  readonly decisions = new Map<string, number>();
  readonly decisionLog: DecisionRecord[] = [];
  readonly modes = new Map<string, string>();
  readonly modeChanges: ModeChange[] = [];
  readonly approved: ContractEvent<'action.approved.v1'>[] = [];
  lastActivity = Date.now();
  private readonly consumer;

  constructor(
    kafka: Kafka,
    private readonly namespace: string,
    private readonly since: Date,
  ) {
    this.consumer = kafka.consumer({ groupId: `${ToolPrincipals.Operator}.demo-${since.getTime()}`, maxWaitTimeInMs: 200 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    const topics = [Topics.DecisionsV1, Topics.DomainModesV1, Topics.ActionsApprovedV1].map((t) => this.namespace + t);
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const parsed = parse({ value: message.value, topic: topic.slice(this.namespace.length), headers: message.headers });
        if (!parsed.ok) return;
        const event = parsed.event;
        if (event.type === EventTypes.DomainModeChangedV1) {
          // The compacted topic gives the current mode of every domain; changes during the run are news.
          this.modes.set(event.data.domain, event.data.mode);
          if (new Date(event.time) >= this.since) {
            this.modeChanges.push({
              domain: event.data.domain,
              from: event.data.previousMode,
              to: event.data.mode,
              reason: event.data.reason,
              triggeredBy: event.data.triggeredBy,
              at: event.time,
            });
          }
          return;
        }
        if (new Date(event.time) < this.since) return;
        this.lastActivity = Date.now();
        if (event.type === EventTypes.DecisionMadeV1) {
          this.decisions.set(event.data.outcome, (this.decisions.get(event.data.outcome) ?? 0) + 1);
          const { actionId, actionType, domain, outcome, domainMode, reasons } = event.data;
          this.decisionLog.push({ at: event.time, actionId, actionType, domain, outcome, domainMode, reasons });
        } else if (event.type === EventTypes.ActionApprovedV1) {
          this.approved.push(event);
        }
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
