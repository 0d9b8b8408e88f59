// The events execution-adapters publishes: what became of an action (actions.outcomes.v1), the
// actions it holds for human review (internal.review-requests.v1), and approved actions it refused
// because their signature did not verify (internal.security-events.v1). Subject is the actionId,
// so all events of one action stay in order on one partition; a security event's is the service.
import {
  envelope,
  EventTypes,
  SecurityViolationKinds,
  type ActionOutcomeV1,
  type ActionType,
  type ContractEvent,
  type DomainMode,
  type EventDataMap,
} from '@governor/contracts';
import { ApprovedAction } from './adapter';

export const SOURCE = 'urn:governor:execution-adapters';

type OutcomeType =
  | typeof EventTypes.ActionExecutedV1
  | typeof EventTypes.ActionFailedV1
  | typeof EventTypes.ActionCompensatedV1;

export interface Outcome {
  actionId: string;
  actionType: ActionType;
  adapter: string;
  externalReference?: string | null;
  error?: string | null;
  attempts: number;
}

export function outcomeEvent<K extends OutcomeType>(
  type: K,
  outcome: Outcome,
  now = new Date(),
): ContractEvent<K> {
  const data: ActionOutcomeV1 = {
    actionId: outcome.actionId,
    actionType: outcome.actionType,
    adapter: outcome.adapter,
    attempts: Math.max(1, outcome.attempts),
    ...(outcome.externalReference ? { externalReference: outcome.externalReference } : {}),
    ...(outcome.error ? { error: outcome.error.slice(0, 2_000) } : {}),
  };
  return envelope(type, {
    source: SOURCE,
    subject: outcome.actionId,
    data: data as EventDataMap[K],
    time: now,
  });
}

export function reviewRequestedEvent(
  approved: ApprovedAction,
  domainMode: DomainMode,
  reason: string,
  now = new Date(),
): ContractEvent<typeof EventTypes.ReviewRequestedV1> {
  return envelope(EventTypes.ReviewRequestedV1, {
    source: SOURCE,
    subject: approved.actionId,
    time: now,
    data: {
      actionId: approved.actionId,
      actionType: approved.actionType,
      domain: approved.domain,
      domainMode,
      reason,
      approved,
      requestedAt: now.toISOString(),
    },
  });
}

/** An approved action refused because its signature did not verify: `code` says how (no signature, unknown key, mismatch). */
export function badSignatureEvent(
  approved: ApprovedAction,
  failure: { code: string; reason: string },
  topic: string,
  service: string,
  now = new Date(),
): ContractEvent<typeof EventTypes.SecurityViolationRecordedV1> {
  return envelope(EventTypes.SecurityViolationRecordedV1, {
    source: SOURCE,
    subject: service,
    time: now,
    data: {
      service,
      kind: SecurityViolationKinds.BadSignature,
      code: failure.code,
      reason: failure.reason,
      target: topic,
      actor: null,
      domain: approved.domain,
      actionId: approved.actionId,
      count: 1,
      firstAt: now.toISOString(),
      lastAt: now.toISOString(),
    },
  });
}
