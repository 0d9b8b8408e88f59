// How a service audits what its retention deleted: an audit.entry-requested.v1 through its outbox,
// in the batch's transaction, which policy-enforcement appends to the hash-chained audit log (kind
// retention.pruned). The payload is the batch's counts and time range, never the rows.
import { envelope, EventTypes, RequestedAuditKinds, Topics } from '@governor/contracts';
import type { Outbox } from '../outbox/outbox';
import type { AuditPruned } from './store-retention';

export function auditPrunedThroughOutbox(outbox: Outbox, service: string): AuditPruned {
  return (manager, pruned) => {
    const subject = `store:${service}.${pruned.store}`;
    return outbox.enqueue(manager, [
      {
        topic: Topics.AuditEntriesV1,
        event: envelope(EventTypes.AuditEntryRequestedV1, {
          source: `urn:governor:${service}`,
          subject,
          data: { service, kind: RequestedAuditKinds.RetentionPruned, actor: `service:${service}`, subject, payload: { ...pruned } },
        }),
      },
    ]);
  };
}
