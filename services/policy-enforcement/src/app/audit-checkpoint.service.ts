// Signed checkpoints of the audit chain's head (docs/design.md "Trust model"; like a transparency log's
// signed tree head): made on every policy activation and every AUDIT_CHECKPOINT_INTERVAL_SECONDS
// when the head has moved (nothing is done when it has not), stored beside the log and published
// through the outbox on the compacted internal.audit-checkpoints.v1. `GET /audit/verify` holds the
// log to the newest stored checkpoint whose signature verifies, so cutting the newest entries
// shows as a truncation; whoever keeps the topic's latest checkpoint can tell the same.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditCheckpointSignedV1 } from '@governor/contracts';
import { Outbox, OutboxRelay, PeriodicTask } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { ChainCheckpoint } from '@governor/signing';
import type { PolicyEnforcementConfig } from '../config';
import { AuditCheckpointStore } from '../infra/database/audit-checkpoint-store';
import { EventSigner } from './event-signer';
import { auditCheckpointSigned } from './events';

/** Checkpoints read at a time while looking for the newest that verifies. */
const PAGE = 20;

@Injectable()
export class AuditCheckpointService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('audit-checkpoints');
  private readonly task: PeriodicTask;
  private reportedBreak: number | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) config: PolicyEnforcementConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditCheckpointStore) private readonly store: AuditCheckpointStore,
    @Inject(EventSigner) private readonly signer: EventSigner,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.task = new PeriodicTask(config.auditCheckpointIntervalSeconds * 1000, () => this.checkpointOrWarn('periodic'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Checkpoints the head if it moved since the newest checkpoint; the checkpoint made, if any. */
  async checkpoint(): Promise<AuditCheckpointSignedV1 | undefined> {
    const made = await this.dataSource.transaction(async (manager) => {
      const head = await this.store.head(manager);
      const [newest] = await this.store.newestFirst(manager, 1);
      if (!head || (newest && newest.seq >= head.seq)) return undefined;
      // Never vouch for a chain that no longer holds what was vouched for before: a log cut and
      // written again past the newest checkpoint stays reported as truncated.
      if (newest && (await this.store.hashAt(manager, newest.seq)) !== newest.hash) {
        this.brokenAt(newest.seq);
        return undefined;
      }
      const at = new Date();
      const data: AuditCheckpointSignedV1 = { seq: head.seq, hash: head.hash, at: at.toISOString() };
      const signature = await this.signer.signData(data);
      if (!(await this.store.insert(manager, { ...data, kid: this.signer.kid, signature }))) return undefined;
      await this.outbox.enqueue(manager, [auditCheckpointSigned(data, signature, at)]);
      return data;
    });
    if (made) {
      this.relay.wake();
      this.log.log(`audit chain checkpointed at entry ${made.seq}`);
    }
    return made;
  }

  /** Said once per checkpoint, not at every pass. */
  private brokenAt(seq: number): void {
    if (this.reportedBreak === seq) return;
    this.reportedBreak = seq;
    this.log.error(`the audit log no longer holds entry ${seq} as its signed checkpoint recorded it: no further checkpoints until that is investigated (GET /audit/verify)`);
  }

  /** For activations and the timer: a failure is logged, and the next pass checkpoints instead. */
  async checkpointOrWarn(why: string): Promise<void> {
    try {
      await this.checkpoint();
    } catch (error) {
      this.log.warn(`audit checkpoint (${why}) failed; the next pass makes it: ${(error as Error).message}`);
    }
  }

  /** The newest stored checkpoint whose signature verifies with this service's keys; one that does not is skipped and named. */
  async latestVerified(): Promise<ChainCheckpoint | undefined> {
    let before: number | undefined;
    for (;;) {
      const page = await this.store.newestFirst(this.dataSource, PAGE, before);
      for (const stored of page) {
        const data = { seq: stored.seq, hash: stored.hash, at: stored.at };
        const verified = await this.signer.verify(stored.signature, data);
        if (verified.ok) return data;
        this.log.warn(`audit checkpoint at entry ${stored.seq} ignored: its signature does not verify (${verified.code}: ${verified.reason})`);
      }
      if (page.length < PAGE) return undefined;
      before = page[page.length - 1].seq;
    }
  }
}
