// A group handler made of a function for one record, for handlers whose records share nothing
// worth a statement per group (rare facts: a mode change, a review request). Each record's work runs
// in its own span, so what it publishes continues that record's trace.
import type { EntityManager } from 'typeorm';
import type { EventType } from '@governor/contracts';
import { recordSpan } from './consumer-spans';
import type { ReceivedEvent } from './received';

export async function eachRecord<T extends EventType, M extends EntityManager | undefined>(
  records: readonly ReceivedEvent<T>[],
  manager: M,
  handle: (record: ReceivedEvent<T>, manager: M) => Promise<void>,
): Promise<void> {
  // A lone record is in its span already (the runner's, over its transaction).
  if (records.length === 1) return handle(records[0], manager);
  for (const record of records) await recordSpan(record, () => handle(record, manager));
}
