// The current mode of every domain, kept from governance.domain-modes.v1 (compacted, key = domain).
// At start-up it reads the topic from the beginning with a fresh consumer group that never commits,
// so each instance sees the whole current state; afterwards it follows changes live. A domain never
// reported is `automated`. Until the topic has been read up to where it stood at start-up, callers
// that need a mode wait, so no automatic approval runs on a mode not yet known.
import { randomUUID } from 'node:crypto';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { DomainModes, EventTypes, parse, Topics, type Domain, type DomainMode, type DomainModeChangedV1 } from '@governor/contracts';
import { Logger, RetriableError } from '@governor/messaging';

export interface KnownMode {
  mode: DomainMode;
  since: string;
  reason: string;
  triggeredBy: string;
}

export class DomainModeTracker {
  private readonly modes = new Map<Domain, KnownMode>();
  private consumer: Consumer | undefined;
  private starting: Promise<void> | undefined;
  private caughtUp = false;
  private readonly waiters: (() => void)[] = [];
  private pending = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly namespace: string,
    private readonly groupPrefix: string,
    private readonly logger: Logger,
  ) {}

  get ready(): boolean {
    return this.caughtUp;
  }

  /** Starts reading (once); safe to call from every caller that needs the modes. */
  start(): Promise<void> {
    this.starting ??= this.run().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  /** The domain's current mode, once the topic has been read; a retriable error if not in time. */
  async modeOf(domain: Domain, waitMs: number): Promise<DomainMode> {
    if (!this.caughtUp) {
      void this.start().catch((error: unknown) => this.logger.warn('domain modes not readable yet', { error: (error as Error).message }));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (!this.caughtUp) throw new RetriableError('domain-modes-unknown', 'the domain modes have not been read yet');
    }
    return this.modes.get(domain)?.mode ?? DomainModes.Automated;
  }

  snapshot(): Partial<Record<Domain, KnownMode>> {
    return Object.fromEntries(this.modes) as Partial<Record<Domain, KnownMode>>;
  }

  private async run(): Promise<void> {
    const topic = this.namespace + Topics.DomainModesV1;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // Where the topic ends now: reading up to here is "caught up".
      const offsets = await admin.fetchTopicOffsets(topic);
      this.pending = new Map(
        offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)] as const),
      );
    } finally {
      await admin.disconnect();
    }
    // A long poll: the broker answers as soon as a mode changes, and an idle watch asks every 5 s.
    const consumer = this.kafka.consumer({ groupId: `${this.groupPrefix}.domain-modes.${randomUUID()}`, maxWaitTimeInMs: 5_000 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
    this.checkCaughtUp();
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const parsed = parse({ value: message.value, topic: Topics.DomainModesV1 });
      if (!parsed.ok || parsed.event.type !== EventTypes.DomainModeChangedV1) {
        this.logger.warn('unreadable domain-mode record ignored', { offset: message.offset, partition: batch.partition });
        continue;
      }
      const change = parsed.event.data as DomainModeChangedV1;
      const before = this.modes.get(change.domain)?.mode;
      this.modes.set(change.domain, { mode: change.mode, since: change.since, reason: change.reason, triggeredBy: change.triggeredBy });
      if (before !== change.mode) this.logger.info('domain mode', { domain: change.domain, mode: change.mode, triggeredBy: change.triggeredBy });
    }
    const end = this.pending.get(batch.partition);
    if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
      this.pending.delete(batch.partition);
      this.checkCaughtUp();
    }
  }

  private checkCaughtUp(): void {
    if (this.caughtUp || this.pending.size > 0 || !this.consumer) return;
    this.caughtUp = true;
    this.logger.info('domain modes read', { modes: Object.fromEntries([...this.modes].map(([d, m]) => [d, m.mode])) });
    this.waiters.splice(0).forEach((wake) => wake());
  }
}
