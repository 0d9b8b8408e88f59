// Reads the pipeline's output topics and tells the tracker when each measured source event reached
// each stage, using the CreateTime of the record the stage wrote (so the bench's own consumer lag
// never counts): scored (data-quality), proposed (predictive-risk), decision (policy-enforcement on
// governance.decisions.v1), approved (actions.approved.v1) and executed (actions.outcomes.v1).
// Decisions, approvals and outcomes name an actionId; the proposal names the source events it came
// from, so the proposal links an action to its source event. Records that arrive before their link
// wait for it.
import { Consumer, Kafka } from 'kafkajs';
import { Topics } from '@governor/contracts';
import { uniqueName } from '@governor/testing';
import type { Tracker } from './load-ladder';

export const Stages = { Scored: 'scored', Proposed: 'proposed', Decision: 'decision', Approved: 'approved', Executed: 'executed' } as const;

interface Envelope {
  subject?: string;
  type?: string;
  data?: {
    actionId?: string;
    outcome?: string;
    reasons?: string[];
    domain?: string;
    mode?: string;
    reason?: string;
    event?: { id?: string };
    sourceEvents?: { id: string }[];
  };
}

export interface ModeChange {
  domain: string;
  mode: string;
  reason: string;
  at: string;
}

export interface Decided {
  outcome: string;
  reasons: string[];
}

export class PipelineSink {
  private consumer: Consumer | undefined;
  private readonly unitOfAction = new Map<string, string>();
  private readonly waiting = new Map<string, [string, number][]>();
  /** Decision outcome and reasons per unit (source event id). */
  readonly outcomes = new Map<string, Decided>();
  readonly modeChanges: ModeChange[] = [];
  private readonly waitingOutcome = new Map<string, Decided>();
  private readonly bytes = new Map<string, { sum: number; count: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly namespace: string,
    private readonly tracker: Tracker,
  ) {}

  async start(): Promise<void> {
    // A unit reaches a stage at the CreateTime of the record that stage wrote, not when the sink
    // reads it, so the sink may fetch lazily (a fetch waits for 64 KiB or 250 ms): one fetch of
    // many records instead of one per record adds less of the bench's own work to what is measured.
    const consumer = this.kafka.consumer({ groupId: uniqueName('bench-sink'), minBytes: 64 * 1024, maxWaitTimeInMs: 250 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    const topics = [Topics.QualityScoredV1, Topics.ActionsProposedV1, Topics.DecisionsV1, Topics.ActionsApprovedV1, Topics.ActionsOutcomesV1, Topics.DomainModesV1];
    await consumer.subscribe({ topics: topics.map((t) => this.namespace + t), fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      // The sink's group is its own and read once: committing its offsets would only add broker
      // requests (one per batch, about three per stock report at a steady load) to what is measured.
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const topic = batch.topic.slice(this.namespace.length);
        for (const message of batch.messages) {
          if (!message.value) continue;
          this.count(topic, message.value.length);
          this.handle(topic, JSON.parse(message.value.toString('utf8')) as Envelope, Number(message.timestamp));
        }
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }

  /** For workloads that know the link at send time (agent proposals name their actionId). */
  link(actionId: string, unitId: string): void {
    this.unitOfAction.set(actionId, unitId);
    for (const [stage, at] of this.waiting.get(actionId) ?? []) this.tracker.reached(unitId, stage, at);
    this.waiting.delete(actionId);
    const outcome = this.waitingOutcome.get(actionId);
    if (outcome) {
      this.outcomes.set(unitId, outcome);
      this.waitingOutcome.delete(actionId);
    }
  }

  /** Mean record size seen on a topic (contract name), in bytes. */
  meanBytes(topic: string): number | undefined {
    const b = this.bytes.get(topic);
    return b && b.count > 0 ? Math.round(b.sum / b.count) : undefined;
  }

  count(topic: string, length: number): void {
    const b = this.bytes.get(topic) ?? { sum: 0, count: 0 };
    b.sum += length;
    b.count++;
    this.bytes.set(topic, b);
  }

  private handle(topic: string, event: Envelope, at: number): void {
    const data = event.data ?? {};
    switch (topic) {
      case Topics.QualityScoredV1:
        if (data.event?.id) this.tracker.reached(data.event.id, Stages.Scored, at);
        return;
      case Topics.ActionsProposedV1: {
        // The first source event the bench sent is the trigger (the stock report comes first).
        const unit = (data.sourceEvents ?? []).find((ref) => this.tracker.knows(ref.id));
        if (unit && data.actionId) {
          this.tracker.reached(unit.id, Stages.Proposed, at);
          this.link(data.actionId, unit.id);
        }
        return;
      }
      case Topics.DecisionsV1:
        if (data.actionId) {
          this.actionReached(data.actionId, Stages.Decision, at);
          const unit = this.unitOfAction.get(data.actionId);
          const decided = { outcome: data.outcome ?? '?', reasons: data.reasons ?? [] };
          if (unit) this.outcomes.set(unit, decided);
          else this.waitingOutcome.set(data.actionId, decided);
        }
        return;
      case Topics.ActionsApprovedV1:
        if (data.actionId) this.actionReached(data.actionId, Stages.Approved, at);
        return;
      case Topics.ActionsOutcomesV1:
        if (data.actionId) this.actionReached(data.actionId, Stages.Executed, at);
        return;
      case Topics.DomainModesV1:
        if (data.domain && data.mode) this.modeChanges.push({ domain: data.domain, mode: data.mode, reason: data.reason ?? '', at: new Date(at).toISOString() });
        return;
    }
  }

  private actionReached(actionId: string, stage: string, at: number): void {
    const unit = this.unitOfAction.get(actionId);
    if (unit) {
      this.tracker.reached(unit, stage, at);
      return;
    }
    const list = this.waiting.get(actionId) ?? [];
    list.push([stage, at]);
    this.waiting.set(actionId, list);
  }
}
