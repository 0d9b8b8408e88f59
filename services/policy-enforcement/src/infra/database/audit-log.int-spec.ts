// The audit log on a real Postgres: two instances (two connection pools) appending at once keep
// one chain without forks or gaps, the table refuses updates and deletes, and a removed entry is
// named by the verifier; in a consumer's transaction (commit hooks open) entries wait for its end.
import type { DataSource } from 'typeorm';
import { messagingMigrations, openCommitHooks, openDatabase, runCommitHooks } from '@governor/messaging';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { AuditLog } from './audit-log';
import { policyEnforcementMigration } from './policy-enforcement.migration';

describe('AuditLog (real Postgres)', () => {
  const schema = uniqueSchema('pe_audit');
  const log = new AuditLog(schema);
  const open = (name: string) =>
    openDatabase({
      url: testDatabaseUrl(),
      schema,
      migrations: [...messagingMigrations(schema), policyEnforcementMigration(schema)],
      applicationName: name,
      poolSize: 8,
    });
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    a = await open('audit-test-a');
    b = await open('audit-test-b');
  });

  afterAll(async () => {
    await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('keeps one chain when two instances append concurrently', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).transaction(async (manager) => {
          // Work before the append, as a real change would do, so transactions overlap.
          await manager.query('SELECT pg_sleep(0.01)');
          await log.append(manager, [
            { kind: 'test', actor: `writer-${i % 2}`, subject: `s-${i}`, payload: { i } },
          ]);
        }),
      ),
    );
    expect(await log.verify(a)).toEqual({ ok: true, entries: 40 });
    const seqs: { seq: string }[] = await a.query(`SELECT seq FROM "${schema}".audit_log ORDER BY seq`);
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("in a consumer's transaction appends the group's entries together at its end, holding the chain lock only then", async () => {
    const before = (await log.verify(a)).entries;
    const count = async (subjects: string[]) =>
      Number(
        (
          await a.query(`SELECT count(*) AS n FROM "${schema}".audit_log WHERE subject = ANY($1)`, [subjects])
        )[0].n,
      );
    await a.transaction(async (manager) => {
      openCommitHooks(manager);
      await log.append(manager, [{ kind: 'test', actor: 'consumer', subject: 'group-1', payload: { n: 1 } }]);
      await log.append(manager, [{ kind: 'test', actor: 'consumer', subject: 'group-2', payload: { n: 2 } }]);
      expect(await count(['group-1', 'group-2'])).toBe(0);
      // The lock is not held yet: another writer appends meanwhile (it would wait for this commit).
      const other = b.transaction((m) =>
        log.append(m, [{ kind: 'test', actor: 'http', subject: 'meanwhile', payload: {} }]),
      );
      await Promise.race([
        other,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('the other writer waited for the lock')), 5_000),
        ),
      ]);
      await runCommitHooks(manager);
    });
    expect(await log.verify(a)).toEqual({ ok: true, entries: before + 3 });
    const order: { subject: string }[] = await a.query(
      `SELECT subject FROM "${schema}".audit_log WHERE seq > $1 ORDER BY seq`,
      [before],
    );
    expect(order.map((r) => r.subject)).toEqual(['meanwhile', 'group-1', 'group-2']);
  });

  it('refuses updates and deletes, and names an entry removed behind its back', async () => {
    await expect(a.query(`DELETE FROM "${schema}".audit_log WHERE seq = 10`)).rejects.toThrow(/append-only/);
    await a.query(`ALTER TABLE "${schema}".audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    await a.query(`DELETE FROM "${schema}".audit_log WHERE seq = 10`);
    expect(await log.verify(a)).toEqual({
      ok: false,
      entries: 10,
      firstBadEntry: 10,
      problem: 'entry 10 is missing (next is 11)',
    });
  });
});
