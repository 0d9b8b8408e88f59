// The audit log read through HTTP (policy-enforcement as a process on the real broker and
// Postgres): entries filtered and paged by seq, 400s for bad filters, and an evidence pack that
// the compiled `governor` CLI exports and checks offline (`audit verify-pack`): whole it holds;
// one byte changed in one entry's payload, or one entry removed, and it is rejected naming the
// entry, with a non-zero exit.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import type { AuditEntryView, EvidencePack } from '@governor/signing';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const run = promisify(execFile);
const GOVERNOR = path.resolve(__dirname, '../../../dist/libs/cli/src/governor.js');

const auditor = { id: 'audrey', roles: ['auditor'] };
const planner = (id: string) => ({ id, roles: ['approver', 'planner'] });

describe('the audit log over HTTP, evidence packs and verify-pack (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();
  const dir = mkdtempSync(path.join(tmpdir(), 'pe-audit-'));
  let from = '';
  let to = '';
  let automatic = '';
  let reviewed = '';

  /** The compiled CLI as an operator runs it, against this test's service; never throws. */
  const governor = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const env = { PATH: process.env.PATH, PORT_POLICY_ENFORCEMENT: String(pe.port), GOVERNOR_TOKEN: pe.token(auditor.id, auditor.roles) };
    try {
      const { stdout, stderr } = await run(process.execPath, [GOVERNOR, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  /** GET with the auditor's token, keeping the Link header. */
  const get = async (p: string) => {
    const response = await fetch(pe.url(p), { headers: { authorization: `Bearer ${pe.token(auditor.id, auditor.roles)}` } });
    return { status: response.status, link: response.headers.get('link'), body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    await pe.start({ AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1' });
    // The range starts after the default bundle was stored and activated: the pack starts inside
    // the chain, and the version in force comes from an activation before it.
    await new Promise((r) => setTimeout(r, 50));
    from = new Date().toISOString();
    const auto = await pe.publishRiskProposal({ parameters: { amount: 1200 }, confidence: 0.97, dataQuality: 0.99 });
    const review = await pe.publishRiskProposal({ parameters: { amount: 40_000 }, confidence: 0.99, dataQuality: 0.99 });
    automatic = auto.data.actionId;
    reviewed = review.data.actionId;
    expect(await pe.decision(automatic)).toMatchObject({ outcome: 'auto-approved' });
    expect(await pe.decision(reviewed)).toMatchObject({ outcome: 'approval-required' });
    const tasks = (await pe.call('GET', '/approvals?status=pending', planner('ann'))).body as { actionId: string; taskId: string }[];
    const task = tasks.find((t) => t.actionId === reviewed);
    expect((await pe.call('POST', `/approvals/${task?.taskId}/approve`, planner('ann'), { comment: 'checked the supplier' })).status).toBe(200);

    const executed = exampleEvent(EventTypes.ActionExecutedV1);
    executed.id = `exec-${automatic}`;
    executed.subject = automatic;
    executed.data = { actionId: automatic, actionType: 'procurement.create-purchase-order', adapter: 'erp', externalReference: 'PO-7', attempts: 1 };
    await pe.publish(Topics.ActionsOutcomesV1, executed);
    await pe.waitUntil(async () => ((await pe.call('GET', `/lineage/${automatic}`, auditor)).body as { outcome: unknown }).outcome !== null, 20_000, 'the outcome');

    // A signed checkpoint covers the newest entry before the range closes.
    const [head] = await pe.sql<{ seq: string }>('SELECT max(seq) AS seq FROM $schema.audit_log');
    await pe.waitUntil(async () => pe.checkpoints().some((c) => c.data.seq >= Number(head.seq)), 20_000, 'a checkpoint of the head');
    to = new Date(Date.now() + 1).toISOString();
  }, 120_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pe.stop();
  }, 60_000);

  it('lists entries by subject and kind, in seq order, with the fields of the contract', async () => {
    const answer = await get(`/audit?subject=${reviewed}`);
    expect(answer.status).toBe(200);
    const entries = answer.body as AuditEntryView[];
    expect(entries.slice(0, 2).map((e) => [e.kind, e.actor])).toEqual([
      ['decision.made', 'system:policy-enforcement'],
      ['approval.approved', 'ann'],
    ]);
    expect(Object.keys(entries[1]).sort()).toEqual(['actor', 'at', 'hash', 'kind', 'payload', 'prevHash', 'seq', 'subject']);
    expect(entries[1]).toMatchObject({ subject: reviewed, payload: { comment: 'checked the supplier' } });
    const stored = await pe.sql<{ hash: string; prev_hash: string }>('SELECT hash, prev_hash FROM $schema.audit_log WHERE seq = $1', [entries[1].seq]);
    expect(stored).toEqual([{ hash: entries[1].hash, prev_hash: entries[1].prevHash }]);

    const decisions = (await get(`/audit?kind=decision.made&from=${from}&to=${to}`)).body as AuditEntryView[];
    // The two proposals may sit on different partitions, so either may be decided first; the
    // answer is in seq order whichever it was.
    expect(decisions.map((e) => e.subject).sort()).toEqual([automatic, reviewed].sort());
    expect(decisions.map((e) => Number(e.seq))).toEqual(decisions.map((e) => Number(e.seq)).sort((a, b) => a - b));
    const before = (await get(`/audit?kind=policy.activated&to=${from}`)).body as AuditEntryView[];
    expect(before.map((e) => e.subject)).toEqual(['policy-version:1']);
  });

  it('pages by seq with the Link header, every entry once', async () => {
    const seen: number[] = [];
    let next: string | null = '/audit?limit=2';
    let pages = 0;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      const items = page.body as AuditEntryView[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((e) => e.seq));
      next = page.link ? /^<([^>]+)>; rel="next"$/.exec(page.link)?.[1] ?? null : null;
      pages++;
    }
    const all = await pe.sql<{ seq: string }>('SELECT seq FROM $schema.audit_log ORDER BY seq');
    expect(seen).toEqual(all.map((r) => Number(r.seq)));
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('answers 400 with a code for a bad filter, time, range or cursor, and 403 to other roles', async () => {
    const code = async (p: string) => ((await get(p)).body as { error: { code: string } }).error?.code;
    expect(await code('/audit?kind=made-up')).toBe('invalid-kind');
    expect(await code('/audit?from=yesterday')).toBe('invalid-timestamp');
    expect(await code(`/audit?from=${to}&to=${from}`)).toBe('invalid-range');
    expect(await code('/audit?subject=')).toBe('invalid-subject');
    expect(await code('/audit?after=bm90LWEtY3Vyc29y')).toBe('invalid-cursor');
    expect(await code('/audit?limit=0')).toBe('invalid-limit');
    expect(await code(`/audit/export?from=${from}`)).toBe('missing-range');
    expect((await get('/audit?kind=made-up')).status).toBe(400);
    expect((await pe.call('GET', '/audit', planner('ann'))).status).toBe(403);
    expect((await pe.call('GET', `/audit/export?from=${from}&to=${to}`, planner('ann'))).status).toBe(403);
  });

  it('exports an evidence pack that verify-pack accepts, and rejects it with one byte changed or one entry removed', async () => {
    const file = path.join(dir, 'pack.json');
    const exported = await governor(['audit', 'export', '--from', from, '--to', to, '--out', file]);
    expect(exported).toMatchObject({ code: 0 });
    const pack = JSON.parse(readFileSync(file, 'utf8')) as EvidencePack;

    // The range's entries as one stretch of the chain, linked to the entry before it.
    const inRange = await pe.sql<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM $schema.audit_log WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY seq',
      [from, to],
    );
    expect(pack).toMatchObject({ format: 'governor.audit-evidence-pack', version: 1, range: { from, to } });
    expect(pack.entries.map((e) => e.seq)).toEqual(inRange.map((r) => Number(r.seq)));
    expect(pack.chain.firstSeq).toBeGreaterThan(1);
    const [before] = await pe.sql<{ hash: string }>('SELECT hash FROM $schema.audit_log WHERE seq = $1', [Number(pack.chain.firstSeq) - 1]);
    expect(pack.chain.prevHash).toBe(before.hash);
    expect(pack.checkpoints.length).toBeGreaterThan(0);
    expect(pack.checkpoints.at(-1)?.seq).toBe(pack.chain.lastSeq);
    expect(pack.keys).toEqual(await (await fetch(pe.url('/.well-known/jwks.json'))).json());
    expect(pack.policyVersions.map((p) => p.version)).toEqual(['1']);
    expect(pack.policyVersions[0].policies).toContain('@id("high-risk.small-purchase-order-automatic")');
    expect(pack.decisions.map((d) => d.actionId).sort()).toEqual([automatic, reviewed].sort());
    expect(pack.approvals.map((t) => [t.actionId, t.approvals.map((a) => a.approver)])).toEqual([[reviewed, ['ann']]]);
    expect(pack.executions).toEqual([expect.objectContaining({ actionId: automatic, type: 'action.executed.v1', externalReference: 'PO-7' })]);

    const whole = await governor(['audit', 'verify-pack', file]);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain(`evidence pack ok: entries ${pack.chain.firstSeq} to ${pack.chain.lastSeq}`);
    expect(whole.stdout).toContain(`they vouch for the entries up to ${pack.chain.lastSeq}`);

    // One byte of one entry's payload, in the file as written.
    const approval = pack.entries.find((e) => e.kind === 'approval.approved') as AuditEntryView;
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"checked the supplier"');
    expect(at).toBeGreaterThan(0);
    const changed = path.join(dir, 'changed.json');
    writeFileSync(changed, `${text.slice(0, at + 1)}C${text.slice(at + 2)}`);
    const rejected = await governor(['audit', 'verify-pack', changed]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toContain(`evidence pack rejected at entry ${approval.seq}: entry ${approval.seq} does not match its hash`);

    // One entry left out.
    const removed = path.join(dir, 'removed.json');
    const missing = pack.entries[1].seq;
    writeFileSync(removed, JSON.stringify({ ...pack, entries: pack.entries.filter((e) => e.seq !== missing) }));
    const cut = await governor(['audit', 'verify-pack', removed]);
    expect(cut.code).not.toBe(0);
    expect(cut.stderr).toContain(`evidence pack rejected at entry ${missing}: entry ${missing} is missing`);
  });

  it("reads a pack's decisions, tasks and executions in a few statements, however many actions it holds", async () => {
    const start = new Date().toISOString();
    const proposals = await pe.publishRiskProposals(
      Array.from({ length: 40 }, (_, i) => ({ parameters: { amount: i % 2 === 0 ? 1_200 : 40_000 }, confidence: 0.99, dataQuality: 0.99 })),
    );
    const reviewed = new Set<string>();
    for (const p of proposals) {
      if ((await pe.decision(p.data.actionId)).outcome === 'approval-required') reviewed.add(p.data.actionId);
      else {
        const executed = exampleEvent(EventTypes.ActionExecutedV1);
        executed.id = `exec-${p.data.actionId}`;
        executed.subject = p.data.actionId;
        executed.data = { actionId: p.data.actionId, actionType: 'procurement.create-purchase-order', adapter: 'erp', externalReference: `PO-${p.data.actionId}`, attempts: 1 };
        await pe.publish(Topics.ActionsOutcomesV1, executed);
      }
    }
    expect(reviewed.size).toBe(20);
    const tasks = (await pe.call('GET', '/approvals?status=pending&limit=500', planner('ann'))).body as { actionId: string; taskId: string }[];
    for (const task of tasks.filter((t) => reviewed.has(t.actionId))) {
      expect((await pe.call('POST', `/approvals/${task.taskId}/approve`, planner('ann'), { comment: 'ok' })).status).toBe(200);
    }
    const last = proposals.at(-2)?.data.actionId ?? '';
    await pe.waitUntil(async () => ((await pe.call('GET', `/lineage/${last}`, auditor)).body as { outcome: unknown }).outcome !== null, 20_000, 'the outcomes');
    const end = new Date(Date.now() + 1).toISOString();
    const statements = async () => {
      const text = await (await fetch(pe.url('/metrics'))).text();
      return [...text.matchAll(/^governor_db_statements_total(?:\{[^}]*\})? (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const before = await statements();
    const response = await get(`/audit/export?from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`);
    const spent = (await statements()) - before;
    expect(response.status).toBe(200);
    const pack = response.body as EvidencePack;
    expect(pack.decisions).toHaveLength(40);
    expect(pack.approvals).toHaveLength(20);
    expect(pack.executions).toHaveLength(20);
    // One statement per kind of record (and the entries, checkpoints and policy versions), not one
    // per action: a statement per action would be 80 here. The rest is the service's own timers.
    expect(spent).toBeLessThan(25);
  });
});
