// What every use case gets for one consumed record: its transaction, the changes it is collecting,
// the source event as evidence (with its data-quality score), and its clock.
import { type EntityManager } from 'typeorm';
import { type Evidence } from '../domain/proposals/proposal';
import { type StateChanges } from '../infra/state-changes';

export interface RecordContext {
  readonly manager: EntityManager;
  readonly changes: StateChanges;
  /** The original source event inside the scored event, with its score and issues. */
  readonly evidence: Evidence;
  /** Wall clock: when proposals are made and how long needs stay open. */
  readonly now: Date;
  /** The source event's own date (UTC): what plans count days from, so replays plan the same. */
  readonly today: string;
}
