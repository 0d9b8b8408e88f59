// Source events for the unit tests: the contract's example of a type with the data fields a test
// changes, at a fixed time so hand-computed timeliness holds.
import { exampleEvent } from '@governor/contracts/testing';
import type { ContractEvent } from '@governor/contracts';
import type { SourceEventType } from '../src/domain/source-event';

export const T0 = '2025-03-03T08:00:00Z';

export function sourceEvent<K extends SourceEventType>(
  type: K,
  data: Partial<ContractEvent<K>['data']> = {},
  envelope: Partial<Omit<ContractEvent<K>, 'data' | 'type'>> = {},
): ContractEvent<K> {
  const base = exampleEvent(type);
  return { ...base, time: T0, ...envelope, data: { ...base.data, ...data } };
}

/** `seconds` after T0. */
export function at(seconds: number): Date {
  return new Date(Date.parse(T0) + seconds * 1_000);
}
