// The first thing done with approved actions: their signatures are checked before anything is
// recorded or called. One that does not verify (unsigned, signed with another key, or changed after
// signing) is never executed: it is handed back to the consumer to be dead-lettered with
// `bad-signature`, counted (governor_signature_rejections_total{reason}), and reported on
// internal.security-events.v1 (through the outbox) for the audit log and the scorecard.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics, type EventTypes } from '@governor/contracts';
import { NonRetriableError, Outbox, OutboxRelay, type Logger, type ReceivedEvent, type RefusedRecord } from '@governor/messaging';
import { SignatureFailures } from '@governor/signing';
import { SERVICE_NAME } from '../config';
import { badSignatureEvent } from '../domain/outcome-events';
import { ApprovalSignatures } from '../infra/approval-signatures';
import { ExecutionMetrics } from './execution-metrics';
import { EXECUTION_LOGGER } from './execution.tokens';

/** The dead-letter errorCode of an approved action whose signature did not verify. */
export const BAD_SIGNATURE = 'bad-signature';

/** An approved action as the consumer hands it over. */
export type ApprovedRecord = ReceivedEvent<typeof EventTypes.ActionApprovedV1>;

@Injectable()
export class SignatureGate {
  constructor(
    @Inject(ApprovalSignatures) private readonly signatures: ApprovalSignatures,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(ExecutionMetrics) private readonly metrics: ExecutionMetrics,
    @Inject(EXECUTION_LOGGER) private readonly log: Logger,
  ) {
    // Every reason at 0 from the start, so a rate over the series is defined before the first forgery.
    for (const reason of Object.values(SignatureFailures)) this.metrics.signatureRejections.inc({ reason }, 0);
  }

  /** The records whose signature verifies, and the others, refused. Throws a RetriableError when the keys cannot be read. */
  async screen(records: readonly ApprovedRecord[]): Promise<{ genuine: ApprovedRecord[]; refused: RefusedRecord[] }> {
    const results = await Promise.all(records.map((record) => this.signatures.verify(record.event)));
    const genuine: ApprovedRecord[] = [];
    const refused: { record: ApprovedRecord; error: NonRetriableError; code: string; reason: string }[] = [];
    records.forEach((record, i) => {
      const result = results[i];
      if (result.ok) genuine.push(record);
      else refused.push({ record, code: result.code, reason: result.reason, error: new NonRetriableError(BAD_SIGNATURE, `${result.code}: ${result.reason}`) });
    });
    if (refused.length > 0) await this.report(refused);
    return { genuine, refused: refused.map(({ record, error }) => ({ record, error })) };
  }

  private async report(refused: readonly { record: ApprovedRecord; code: string; reason: string }[]): Promise<void> {
    const now = new Date();
    await this.db.transaction((m) =>
      this.outbox.enqueue(
        m,
        refused.map(({ record, code, reason }) => ({
          topic: Topics.SecurityEventsV1,
          event: badSignatureEvent(record.event.data, { code, reason }, Topics.ActionsApprovedV1, SERVICE_NAME, now),
        })),
      ),
    );
    this.relay.wake();
    for (const { record, code, reason } of refused) {
      this.metrics.signatureRejections.inc({ reason: code });
      const { event } = record;
      this.log.warn('approved action refused: its signature does not verify; never executed', {
        actionId: event.data.actionId,
        eventId: event.id,
        eventSource: event.source,
        reason: code,
        detail: reason,
      });
    }
  }
}
