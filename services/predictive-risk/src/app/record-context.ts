// What every use case gets for one consumed record: the group's working set (the state it reads,
// with what earlier records of the group changed, and where its own changes go), the source event
// as evidence (with its data-quality score), and its clock.
import { type Evidence } from '../domain/proposals/proposal';
import { type WorkingSet } from '../infra/working-set';

export interface RecordContext {
  readonly state: WorkingSet;
  /** The original source event inside the scored event, with its score and issues. */
  readonly evidence: Evidence;
  /** Wall clock: when proposals are made and how long needs stay open. */
  readonly now: Date;
  /** The source event's own date (UTC): what plans count days from, so replays plan the same. */
  readonly today: string;
}
