// Retention, through the policy-enforcement process (real Kafka and Postgres): with
// DECISIONS_KEEP_DAYS=30, a pass deletes the decisions decided longer ago and keeps the recent
// ones, and the audit log gets a retention.pruned entry for it (through internal.audit-entries.v1,
// which the service consumes like any other service's requests) naming the store, the count and
// the range of what went, never the rows; the chain still verifies.
import { randomUUID } from 'node:crypto';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const auditor = { id: 'ari', roles: ['auditor'] };
const DAY_MS = 86_400_000;

interface AuditEntryView {
  kind: string;
  actor: string;
  subject: string;
  payload: Record<string, unknown>;
}

describe('policy-enforcement retention (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();

  beforeAll(async () => {
    await pe.start({ DECISIONS_KEEP_DAYS: '30', RETENTION_PRUNE_INTERVAL_SECONDS: '1' });
  }, 120_000);
  afterAll(() => pe.stop(), 60_000);

  /** Decisions decided that many days ago, in one statement: a pass sees all of them or none. */
  const decisions = (rows: [actionId: string, daysAgo: number][]) =>
    pe.sql(
      `INSERT INTO "${pe.schema}".decisions (decision_id, action_id, action_type, domain, outcome, reasons, policy_version,
         domain_mode, required_approvers, parameters, lineage, proposal, decided_at)
       SELECT d.id::uuid, d.action_id, 'planning.notify-planner', 'planning', 'advisory', '[]', 1, 'automated', 0,
         '{"message":"confidential note"}', '{}', '{}', now() - d.days * interval '1 day'
       FROM unnest($1::text[], $2::text[], $3::int[]) AS d(id, action_id, days)`,
      [rows.map(() => randomUUID()), rows.map(([id]) => id), rows.map(([, days]) => days)],
    );

  it('prunes the decisions past DECISIONS_KEEP_DAYS and finds the audit entry for it, with counts and range only', async () => {
    await decisions([
      ['act-45-days-ago', 45],
      ['act-31-days-ago', 31],
      ['act-2-days-ago', 2],
    ]);

    let entries: AuditEntryView[] = [];
    await pe.waitUntil(
      async () => {
        const answer = await pe.call('GET', '/audit?kind=retention.pruned', auditor);
        entries = answer.body as AuditEntryView[];
        return answer.status === 200 && entries.length > 0;
      },
      30_000,
      'the retention.pruned audit entry',
    );
    const left = (await pe.sql(`SELECT action_id FROM "${pe.schema}".decisions ORDER BY action_id`)) as { action_id: string }[];
    expect(left.map((r) => r.action_id)).toEqual(['act-2-days-ago']);

    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      kind: 'retention.pruned',
      actor: 'service:policy-enforcement',
      subject: 'store:policy-enforcement.decisions',
      payload: { store: 'decisions', table: `${pe.schema}.decisions`, rows: 2, keepDays: 30, service: 'policy-enforcement' },
    });
    const daysAgo = (iso: unknown) => Math.round((Date.now() - Date.parse(String(iso))) / DAY_MS);
    expect([daysAgo(entry.payload.oldest), daysAgo(entry.payload.newest)]).toEqual([45, 31]);
    expect(JSON.stringify(entry)).not.toContain('confidential note');
    expect(JSON.stringify(entry)).not.toContain('act-45-days-ago');

    const verify = await pe.call('GET', '/audit/verify', auditor);
    expect(verify.body).toMatchObject({ ok: true });
  });
});
