// Only one instance of the monitor publishes domain health, or the breaker would count each window
// once per instance. The one holding a Postgres session advisory lock (keyed by the schema, so
// separate deployments on one database do not contend) is the publisher; if its connection dies,
// the lock is released and another instance takes over at its next tick.
import { DataSource, QueryRunner } from 'typeorm';

export class LeaderLock {
  private runner: QueryRunner | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: string,
  ) {}

  /** True while this instance holds the lock; tries to take it when it does not. */
  async isLeader(): Promise<boolean> {
    if (this.runner) {
      try {
        await this.runner.query('SELECT 1');
        return true;
      } catch {
        await this.release();
      }
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.key])) as { locked: boolean }[];
      if (locked) {
        this.runner = runner;
        return true;
      }
    } catch {
      // Database away: not the leader this time.
    }
    await runner.release().catch(() => undefined);
    return false;
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [this.key]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
