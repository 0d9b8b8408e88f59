// The one shape in which a consumer hands records over: a group of validated events with where each
// came from, and the group's transaction. Every handler, in every service, takes a group.
import type { IHeaders } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { ContractEvent, EventType } from '@governor/contracts';
import type { NonRetriableError } from '../errors/governor-error';

/** Where a record came from. */
export interface RecordContext {
  /** The contract's topic name (without the namespace). */
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
  /** The consumer group that received it (named by the record's span). */
  groupId: string;
}

/** An event of one of the types `T`, its payload typed by its type. */
export type EventOf<T extends EventType> = { [K in T]: ContractEvent<K> }[T];

/** A validated event and where it came from. */
export interface ReceivedEvent<T extends EventType = EventType> {
  event: EventOf<T>;
  ctx: RecordContext;
}

/**
 * A record of the group that the handler refuses and has done nothing with: dead-lettered with the
 * error's code and message while the rest of the group goes on (with an inbox, its claim is
 * released, so a redelivery is refused again rather than skipped).
 */
export interface RefusedRecord {
  record: ReceivedEvent;
  error: NonRetriableError;
}

/**
 * Handles a group of records in order, in the group's transaction (undefined only for a consumer
 * that runs without one). All or nothing: the runner retries or splits a group that fails. It may
 * return records it refused rather than fail the whole group for them.
 */
export type GroupHandler = (
  records: readonly ReceivedEvent[],
  manager: EntityManager | undefined,
) => Promise<void | readonly RefusedRecord[]>;
