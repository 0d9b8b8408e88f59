// The source event a scored event carries, validated like any record at the edge and checked to
// belong on the source topic it names. data-quality validated it already: a failure here means a
// bug or a tampered record, which no retry can fix, so it is dead-lettered (NonRetriableError).
import { type AnyContractEvent, type ContractEvent, type EventTypes, parse } from '@governor/contracts';
import { NonRetriableError } from '@governor/messaging';

export const ScoredEventErrors = {
  InvalidSourceEvent: 'invalid-scored-source-event',
} as const;

export type ScoredEvent = ContractEvent<typeof EventTypes.QualityEventScoredV1>;

export function unwrapScoredEvent(scored: ScoredEvent): AnyContractEvent {
  const parsed = parse({ value: JSON.stringify(scored.data.event), topic: scored.data.sourceTopic });
  if (!parsed.ok) {
    throw new NonRetriableError(
      ScoredEventErrors.InvalidSourceEvent,
      `scored event ${scored.id} carries an invalid source event: ${parsed.error.message}`,
    );
  }
  return parsed.event;
}
