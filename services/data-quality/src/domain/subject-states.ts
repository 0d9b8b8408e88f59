// A group's working set of subject states. The consumer hands records over in groups, and records
// of one subject come in order from one partition, so a record must see what the records before it
// in the group left: the states are read once for the whole group, updated here record by record,
// and only those that changed are written back, once, each as its last record left it.
import type { LastSeen } from './subject-state';
import type { EventRef } from './uniqueness';

/** A state is kept per subject and event type. */
export interface StateKey {
  subject: string;
  eventType: string;
}

export interface StoredState extends StateKey {
  seen: LastSeen;
}

/** A state to write, with the event it came from. */
export interface ChangedState extends StoredState {
  from: EventRef;
}

export class SubjectStates {
  private readonly current = new Map<string, LastSeen>();
  private readonly changed = new Map<string, ChangedState>();

  constructor(stored: readonly StoredState[]) {
    for (const state of stored) this.current.set(keyOf(state), state.seen);
  }

  last(key: StateKey): LastSeen | undefined {
    return this.current.get(keyOf(key));
  }

  remember(state: ChangedState): void {
    const key = keyOf(state);
    this.current.set(key, state.seen);
    this.changed.set(key, state);
  }

  /** The states that changed since they were read, each once. */
  changes(): ChangedState[] {
    return [...this.changed.values()];
  }
}

// U+0000 cannot occur in either part: Postgres text, where both are stored, cannot hold it.
function keyOf({ subject, eventType }: StateKey): string {
  return `${eventType}\u0000${subject}`;
}
