// Writes a store defers to the end of a consumer's transaction. The consumer runner opens hooks on
// each transaction it handles records in and runs them after the last handler, before the commit;
// a store (the outbox, an audit log) asked to write in such a transaction collects its rows and
// registers one hook that writes them all in one statement. A group of records then costs one
// insert per store instead of one per record, and a write that takes a lock (the audit chain's)
// holds it only for the end of the transaction. Outside such a transaction (an HTTP request's, a
// scheduler's) `deferToCommit` says no and the store writes at once. A savepoint rolled back inside
// such a transaction would not take back rows deferred before it: handlers use no savepoints.
import type { EntityManager } from 'typeorm';

export type CommitHook = () => Promise<void>;

/** `last` hooks run after every `first` one (the audit chain's lock should be taken last). */
export type CommitHookOrder = 'first' | 'last';

const open = new WeakMap<EntityManager, Record<CommitHookOrder, CommitHook[]>>();

/** Called by the runner at the start of a transaction it handles records in. */
export function openCommitHooks(manager: EntityManager): void {
  open.set(manager, { first: [], last: [] });
}

/**
 * Registers `hook` to run in `manager`'s transaction just before it commits. False when the
 * transaction has no hooks open: the caller must write now.
 */
export function deferToCommit(manager: EntityManager, hook: CommitHook, order: CommitHookOrder = 'first'): boolean {
  const hooks = open.get(manager);
  if (!hooks) return false;
  hooks[order].push(hook);
  return true;
}

/** Runs the hooks in the order registered, `first` ones before `last` ones, and closes them. */
export async function runCommitHooks(manager: EntityManager): Promise<void> {
  const hooks = open.get(manager);
  if (!hooks) return;
  // Closed first: a hook's own writes go straight to the database.
  open.delete(manager);
  for (const hook of [...hooks.first, ...hooks.last]) await hook();
}

/** Drops a transaction's hooks unrun (it rolled back). */
export function closeCommitHooks(manager: EntityManager): void {
  open.delete(manager);
}

/**
 * Rows a store collects per transaction until its commit hook writes them: `add` returns false
 * when the transaction has no hooks open (write now), true when the rows will be written by
 * `write` at the commit.
 */
export class DeferredRows<R> {
  private readonly pending = new WeakMap<EntityManager, R[]>();

  constructor(
    private readonly write: (manager: EntityManager, rows: R[]) => Promise<void>,
    private readonly order: CommitHookOrder = 'first',
  ) {}

  add(manager: EntityManager, rows: readonly R[]): boolean {
    const pending = this.pending.get(manager);
    if (pending) {
      pending.push(...rows);
      return true;
    }
    const collected = [...rows];
    const deferred = deferToCommit(
      manager,
      async () => {
        this.pending.delete(manager);
        await this.write(manager, collected);
      },
      this.order,
    );
    if (deferred) this.pending.set(manager, collected);
    return deferred;
  }
}
