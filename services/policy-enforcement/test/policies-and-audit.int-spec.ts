// policy-enforcement as a process on the real broker and Postgres: the policy lifecycle (422 for
// a bundle that does not validate, simulation of a stricter bundle, activation by a second person
// without restart, a version's history and the diff between two),
// expiry of approval tasks, operator overrides and reported refusals in the audit log, and tamper
// evidence: signed checkpoints of the audit chain's head, and the truncation they reveal.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { EventTypes, type ModelPromotedV1, Topics, type SecurityViolationRecordedV1 } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { verifyDetached } from '@governor/signing';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const governance = { id: 'gwen', roles: ['governance'] };
/** The second person of the two-person rule: activates what gwen stored. */
const secondGovernor = { id: 'gus', roles: ['governance'] };
const auditor = { id: 'audrey', roles: ['auditor'] };
const planner = (id: string) => ({ id, roles: ['approver', 'planner'] });

const DEFAULT_DIR = path.resolve(__dirname, '../policies/default');
const DEFAULT_BUNDLE = [
  '00-guardrails.cedar',
  '10-low-risk.cedar',
  '20-medium-risk.cedar',
  '30-high-risk.cedar',
  '40-model-promotion.cedar',
]
  .map((f) => readFileSync(path.join(DEFAULT_DIR, f), 'utf8'))
  .join('\n');
const STRICTER = `${DEFAULT_BUNDLE}
// Stricter: nothing of high risk runs without a person.
@id("stricter.no-automatic-high-risk")
forbid (principal, action == Action::"auto-execute", resource)
when { context.riskTier == "high" };
`;

describe('policy-enforcement policies, expiry and audit (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();
  const started = new Date(Date.now() - 1_000);

  beforeAll(
    () =>
      pe.start({
        APPROVAL_ESCALATE_AFTER_SECONDS: '1',
        APPROVAL_EXPIRE_AFTER_SECONDS: '3',
        APPROVAL_SCHEDULER_SECONDS: '0.5',
        POLICY_ENFORCEMENT_POLICY_POLL_SECONDS: '0.5',
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1',
      }),
    120_000,
  );
  afterAll(() => pe.stop(), 60_000);

  it('serves the default bundle as version 1 to governance only', async () => {
    const active = await pe.call('GET', '/policies/active', governance);
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ version: '1', activatedBy: 'system:policy-enforcement' });
    expect((active.body as { policies: string }).policies).toContain(
      '@id("high-risk.small-purchase-order-automatic")',
    );
    expect((await fetch(pe.url('/policies/active'))).status).toBe(401);
    expect((await pe.call('GET', '/policies/active', auditor)).status).toBe(403);
  });

  it("answers 422 with Cedar's messages for a bundle that does not validate, and the active one keeps deciding", async () => {
    const invalid = await pe.call('POST', '/policies', governance, {
      description: 'typo',
      policies:
        '@id("typo")\npermit (principal, action == Action::"auto-execute", resource)\nwhen { context.confidense.greaterThan(decimal("0.5")) };\n',
    });
    expect(invalid.status).toBe(422);
    const error = (invalid.body as { error: { code: string; message: string; details: string[] } }).error;
    expect(error.code).toBe('invalid-policy');
    expect(error.details.join('\n')).toMatch(/confidense/);
    expect(
      (
        await pe.call('POST', '/policies', governance, {
          policies: 'permit (principal, action, resource) when {',
        })
      ).status,
    ).toBe(422);

    expect((await pe.call('GET', '/policies/active', governance)).body).toMatchObject({ version: '1' });
    const proposal = await pe.publishRiskProposal({
      parameters: { amount: 3000 },
      confidence: 0.95,
      dataQuality: 0.99,
    });
    expect(await pe.decision(proposal.data.actionId)).toMatchObject({
      outcome: 'auto-approved',
      policyVersion: '1',
    });
  });

  it('simulates a stricter bundle over recorded decisions, reporting every change, and activates it without a restart', async () => {
    const small = await pe.publishRiskProposal({
      parameters: { amount: 1200 },
      confidence: 0.97,
      dataQuality: 0.99,
    });
    const expedite = await pe.publishRiskProposal({
      actionType: 'procurement.expedite-supplier',
      parameters: { purchaseOrderId: 'PO-9', supplierId: 'SUP-1', reason: 'late' },
      confidence: 0.9,
      dataQuality: 0.9,
    });
    expect(await pe.decision(small.data.actionId)).toMatchObject({ outcome: 'auto-approved' });
    expect(await pe.decision(expedite.data.actionId)).toMatchObject({ outcome: 'auto-approved' });

    const stored = await pe.call('POST', '/policies', governance, {
      policies: STRICTER,
      description: 'no automatic high risk',
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ version: '2', active: false });

    const simulated = await pe.call('POST', '/policies/2/simulate', governance, {
      from: started.toISOString(),
      to: new Date(Date.now() + 1_000).toISOString(),
    });
    expect(simulated.status).toBe(200);
    const report = simulated.body as {
      decisions: number;
      recorded: Record<string, number>;
      simulated: Record<string, number>;
      changed: {
        actionId: string;
        recorded: { outcome: string };
        simulated: { outcome: string; reasons: string[] };
      }[];
    };
    // Three decisions so far, all automatic: the two purchase orders change, the expedite does not.
    expect(report.decisions).toBe(3);
    expect(report.recorded).toEqual({ 'auto-approved': 3, 'approval-required': 0, rejected: 0, advisory: 0 });
    expect(report.simulated).toEqual({
      'auto-approved': 1,
      'approval-required': 2,
      rejected: 0,
      advisory: 0,
    });
    expect(report.changed.map((c) => c.actionId).sort()).toEqual(
      [small.data.actionId, (await firstPurchaseOrder()).actionId].sort(),
    );
    expect(report.changed.find((c) => c.actionId === small.data.actionId)).toMatchObject({
      recorded: { outcome: 'auto-approved' },
      simulated: {
        outcome: 'approval-required',
        reasons: ['stricter.no-automatic-high-risk', 'high-risk.person-approves'],
      },
    });
    // Simulating changes nothing.
    expect((await pe.call('GET', '/policies/active', governance)).body).toMatchObject({ version: '1' });

    // Its author may not put it in force: it stays stored, inactive.
    const byAuthor = await pe.call('POST', '/policies/2/activate', governance);
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body).toEqual({
      error: { code: 'separation-of-duties', message: expect.stringMatching(/second person/) },
    });
    expect((await pe.call('GET', '/policies/active', governance)).body).toMatchObject({ version: '1' });
    expect((await pe.call('GET', '/policies/2', governance)).body).toMatchObject({
      active: false,
      activatedBy: null,
      activatedAt: null,
    });

    const activated = await pe.call('POST', '/policies/2/activate', secondGovernor);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({
      version: '2',
      previousVersion: '1',
      createdBy: 'gwen',
      activatedBy: 'gus',
    });
    const after = await pe.publishRiskProposal({
      parameters: { amount: 1200 },
      confidence: 0.97,
      dataQuality: 0.99,
    });
    expect(await pe.decision(after.data.actionId)).toMatchObject({
      outcome: 'approval-required',
      policyVersion: '2',
      reasons: ['stricter.no-automatic-high-risk', 'high-risk.person-approves'],
    });
    // One entry, the refused attempt left none; it names both people of the rule.
    const audited = await pe.sql<{ actor: string; payload: unknown }>(
      `SELECT actor, payload FROM $schema.audit_log WHERE kind = 'policy.activated' AND subject = 'policy-version:2'`,
    );
    expect(audited).toEqual([
      {
        actor: 'gus',
        payload: { version: 2, policySet: 'central', previousVersion: 1, createdBy: 'gwen', activatedBy: 'gus' },
      },
    ]);
  });

  it("shows each version's author and activator, and the unified diff between two versions", async () => {
    const second = await pe.call('GET', '/policies/2', governance);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      version: '2',
      description: 'no automatic high risk',
      policies: STRICTER,
      createdBy: 'gwen',
      createdAt: expect.any(String),
      active: true,
      activatedBy: 'gus',
      activatedAt: expect.any(String),
    });
    // No longer active, version 1 still says who activated it.
    expect((await pe.call('GET', '/policies/1', governance)).body).toMatchObject({
      active: false,
      createdBy: 'system:policy-enforcement',
      activatedBy: 'system:policy-enforcement',
    });

    // Version 3 changes two lines of the stricter rule: the comment and its condition.
    const comment = '// Stricter: nothing of high risk runs without a person.';
    const condition = 'when { context.riskTier == "high" };';
    const widerComment = '// Stricter: nothing of high or medium risk runs without a person.';
    const widerCondition = 'when { context.riskTier == "high" || context.riskTier == "medium" };';
    const wider = STRICTER.replace(comment, widerComment).replace(condition, widerCondition);
    const stored = await pe.call('POST', '/policies', governance, {
      policies: wider,
      description: 'medium too',
    });
    expect(stored.body).toMatchObject({ version: '3' });
    const createdAt = async (v: string) =>
      ((await pe.call('GET', `/policies/${v}`, governance)).body as { createdAt: string }).createdAt;

    const answer = await pe.call('GET', '/policies/2/diff/3', governance);
    expect(answer.status).toBe(200);
    const { diff } = answer.body as { diff: string };
    expect(answer.body).toEqual({ from: '2', to: '3', diff: expect.any(String) });
    const lines = STRICTER.split('\n');
    const last = lines.length - 1; // the text ends in a newline: the last element is empty
    expect(diff).toBe(
      [
        `--- policy-version-2\t${await createdAt('2')}`,
        `+++ policy-version-3\t${await createdAt('3')}`,
        `@@ -${last - 6},7 +${last - 6},7 @@`,
        ...lines.slice(last - 7, last - 4).map((l) => ` ${l}`),
        `-${comment}`,
        `+${widerComment}`,
        ' @id("stricter.no-automatic-high-risk")',
        ' forbid (principal, action == Action::"auto-execute", resource)',
        `-${condition}`,
        `+${widerCondition}`,
        '',
      ].join('\n'),
    );

    for (const route of ['/policies/2/diff/99', '/policies/99/diff/2', '/policies/two/diff/3']) {
      const unknown = await pe.call('GET', route, governance);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: { code: 'policy-version-not-found' } });
    }
    expect((await pe.call('GET', '/policies/2/diff/3', auditor)).status).toBe(403);
  });

  it("expires a task nobody decided: announced as expired in the proposal's trace, audited, and its action never approved", async () => {
    const traceId = randomBytes(16).toString('hex');
    const proposal = await pe.publishRiskProposal({
      parameters: { amount: 40_000 },
      confidence: 0.99,
      dataQuality: 0.99,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    const actionId = proposal.data.actionId;
    expect(await pe.decision(actionId)).toMatchObject({ outcome: 'approval-required' });
    expect(await pe.resolved(actionId)).toMatchObject({
      outcome: 'expired',
      approvers: [],
      rejectedBy: null,
    });
    // The schedule expired it from a timer; its announcement continues the proposal's trace
    // (unsampled: nothing is exported here, but the trace id travels).
    expect(await pe.traceIdOf(Topics.ApprovalsV1, actionId)).toBe(traceId);
    const kinds = await pe.sql<{ kind: string }>(
      `SELECT kind FROM $schema.audit_log WHERE subject = $1 ORDER BY seq`,
      [actionId],
    );
    expect(kinds.map((k) => k.kind)).toEqual(['decision.made', 'approval.escalated', 'approval.expired']);
    const tasks = (await pe.call('GET', '/approvals?status=expired', planner('ann'))).body as {
      actionId: string;
      taskId: string;
    }[];
    const task = tasks.find((t) => t.actionId === actionId);
    expect(task).toBeDefined();
    expect((await pe.call('POST', `/approvals/${task?.taskId}/approve`, planner('ann'), {})).status).toBe(
      409,
    );
    await pe.settle();
    expect(pe.approvedEvents(actionId)).toEqual([]);
  });

  it("appends an operator's mode override to the audit log", async () => {
    await pe.publishDomainMode('credit', 'manual-fallback', 'operator:oscar');
    await pe.waitUntil(
      async () =>
        (
          await pe.sql(
            `SELECT 1 FROM $schema.audit_log WHERE kind = 'domain.mode-overridden' AND actor = 'oscar'`,
          )
        ).length === 1,
      20_000,
      'the override in the audit log',
    );
  });

  it('appends every reported refusal to the audit chain, one entry per event with its count', async () => {
    const refusal = (data: Partial<SecurityViolationRecordedV1>) => {
      const event = exampleEvent(EventTypes.SecurityViolationRecordedV1);
      return { ...event, id: randomUUID(), subject: data.service ?? event.subject, data: { ...event.data, ...data } };
    };
    const forbidden = refusal({ service: 'circuit-breaker', kind: 'forbidden', actor: 'u-planner-1', count: 3 });
    const expired = refusal({ service: 'circuit-breaker', kind: 'unauthenticated', code: 'token-expired', actor: null, domain: null, count: 40 });
    const badSignature = refusal({
      service: 'execution-adapters',
      kind: 'bad-signature',
      code: 'signature-mismatch',
      reason: 'the signature does not match the data',
      target: Topics.ActionsApprovedV1,
      actor: null,
      domain: 'procurement',
      actionId: 'act-forged-1',
      count: 1,
    });
    for (const event of [forbidden, expired, badSignature]) await pe.publish(Topics.SecurityEventsV1, event);
    const entries = () =>
      pe.sql<{ actor: string; subject: string; payload: SecurityViolationRecordedV1 & { event: { id: string } } }>(
        `SELECT actor, subject, payload FROM $schema.audit_log WHERE kind = 'security.violation'
         AND payload->'event'->>'id' = ANY($1::text[])`,
        [[forbidden.id, expired.id, badSignature.id]],
      );
    await pe.waitUntil(async () => (await entries()).length === 3, 20_000, 'three refusals in the audit log');
    // The services' reports come on different partitions: no order among them.
    const logged = (await entries()).sort((a, b) => a.payload.code.localeCompare(b.payload.code));
    expect(logged.map((e) => [e.actor, e.subject, e.payload.kind, e.payload.code, e.payload.count])).toEqual([
      ['u-planner-1', 'service:circuit-breaker', 'forbidden', 'forbidden', 3],
      ['anonymous', 'act-forged-1', 'bad-signature', 'signature-mismatch', 1],
      ['anonymous', 'service:circuit-breaker', 'unauthenticated', 'token-expired', 40],
    ]);
    expect(logged[0].payload).toMatchObject({ target: 'POST /domains/:domain/override', domain: 'inventory', event: { id: forbidden.id } });
    expect((await pe.call('GET', '/audit/verify', auditor)).body).toMatchObject({ ok: true });
  });

  it('appends every model promotion to the audit chain, with who promoted it and why', async () => {
    const example = exampleEvent(EventTypes.ModelPromotedV1);
    const reason = 'peak season: the refit follows it';
    const promoted = { ...example, id: randomUUID(), data: { ...example.data, by: 'u-gwen', worseThanChampion: true, reason } };
    await pe.publish(Topics.ModelLifecycleV1, promoted);
    const entries = () =>
      pe.sql<{ actor: string; subject: string; payload: ModelPromotedV1 & { event: { id: string } } }>(
        `SELECT actor, subject, payload FROM $schema.audit_log WHERE kind = 'model.promoted' AND payload->'event'->>'id' = $1`,
        [promoted.id],
      );
    await pe.waitUntil(async () => (await entries()).length === 1, 20_000, 'the promotion in the audit log');
    const [entry] = await entries();
    expect(entry).toMatchObject({
      actor: 'u-gwen',
      subject: 'model:demand-sensing',
      payload: { version: example.data.version, replaced: example.data.replaced, worseThanChampion: true, reason },
    });
    expect((await pe.call('GET', '/audit?kind=model.promoted', auditor)).status).toBe(200);
    expect((await pe.call('GET', '/audit/verify', auditor)).body).toMatchObject({ ok: true });
  });

  it('appends every refit retired without becoming champion to the audit chain, with why', async () => {
    const example = exampleEvent(EventTypes.ModelRetiredV1);
    const retired = { ...example, id: randomUUID() };
    await pe.publish(Topics.ModelLifecycleV1, retired);
    const entries = () =>
      pe.sql<{ actor: string; subject: string; payload: { version: string; reason: string; champion: string } }>(
        `SELECT actor, subject, payload FROM $schema.audit_log WHERE kind = 'model.retired' AND payload->'event'->>'id' = $1`,
        [retired.id],
      );
    await pe.waitUntil(async () => (await entries()).length === 1, 20_000, 'the retirement in the audit log');
    expect((await entries())[0]).toMatchObject({
      actor: 'predictive-risk',
      subject: 'model:demand-sensing',
      payload: { version: example.data.version, reason: 'worse-than-champion', champion: example.data.champion },
    });
    expect((await pe.call('GET', '/audit?kind=model.retired', auditor)).status).toBe(200);
  });

  it('checkpoints the chain head, signed, when it moved (not when it did not), and reports newest entries cut in SQL as a truncation', async () => {
    // Nothing left to expire or escalate: the log stands still for this test.
    await pe.waitUntil(
      async () => (await pe.sql(`SELECT 1 FROM $schema.approval_tasks WHERE status = 'pending'`)).length === 0,
      20_000,
      'no pending tasks',
    );
    const head = async () => Number((await pe.sql<{ seq: string }>(`SELECT max(seq) AS seq FROM $schema.audit_log`))[0].seq);
    const stored = async () => pe.sql<{ seq: string }>(`SELECT seq FROM $schema.audit_checkpoints ORDER BY seq`);
    // The refusals the earlier tests met are reported when their minute closes (RefusalRecorder)
    // and land in the log: the quiet part below must not span the end of a minute. Late in one,
    // wait for the next and for the reports to be in (the head still for a second).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) {
      await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 1_000));
      for (let last = -1, now = await head(); now !== last; last = now, now = await head()) await new Promise((r) => setTimeout(r, 1_000));
    }
    const top = await head();
    await pe.waitUntil(async () => (await stored()).some((r) => Number(r.seq) === top), 10_000, `a checkpoint of entry ${top}`);
    // The activation was checkpointed when it happened.
    const [activation] = await pe.sql<{ seq: string }>(`SELECT seq FROM $schema.audit_log WHERE kind = 'policy.activated' AND subject = 'policy-version:2'`);
    expect((await stored()).map((r) => Number(r.seq))).toContain(Number(activation.seq));
    // Published through the outbox, signed with a key of the JWKS.
    await pe.waitUntil(async () => pe.checkpoints().some((c) => c.data.seq === top), 10_000, 'the published checkpoint');
    const published = pe.checkpoints().find((c) => c.data.seq === top);
    expect(published).toMatchObject({ type: 'audit.checkpoint-signed.v1', subject: 'audit-log', data: { seq: top, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const keys = createRemoteJWKSet(new URL(pe.url('/.well-known/jwks.json')));
    expect(await verifyDetached(published?.signature, published?.data, (_alg, header) => keys(header))).toMatchObject({ ok: true });
    // The head stands still: no new checkpoint however many passes.
    const before = (await stored()).length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await head()).toBe(top);
    expect((await stored()).length).toBe(before);

    // Cut the newest three entries, as someone with the owner's rights could: the chain that is
    // left still links, but the signed checkpoint says where it ended.
    await pe.sql(`ALTER TABLE $schema.audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    const cut = await pe.sql(`DELETE FROM $schema.audit_log WHERE seq > $1 RETURNING *`, [top - 3]);
    expect(cut).toHaveLength(3);
    const truncated = await pe.call('GET', '/audit/verify', auditor);
    expect(truncated.body).toEqual({
      ok: false,
      entries: top - 3,
      firstBadEntry: top - 2,
      problem: expect.stringMatching(new RegExp(`^truncation: entries ${top - 2} to ${top} are missing`)),
    });
    // Put back, the log verifies again.
    await pe.sql(
      `INSERT INTO $schema.audit_log SELECT * FROM jsonb_populate_recordset(NULL::$schema.audit_log, $1::jsonb)`,
      [JSON.stringify(cut)],
    );
    await pe.sql(`ALTER TABLE $schema.audit_log ENABLE TRIGGER audit_log_no_update_or_delete`);
    expect((await pe.call('GET', '/audit/verify', auditor)).body).toEqual({ ok: true, entries: top });
  });

  it('verifies the audit chain, and names the entry an UPDATE in SQL changed', async () => {
    const clean = await pe.call('GET', '/audit/verify', auditor);
    expect(clean.status).toBe(200);
    const { entries } = clean.body as { ok: boolean; entries: number };
    expect(clean.body).toEqual({ ok: true, entries: expect.any(Number) });
    expect(entries).toBeGreaterThan(8);
    expect((await pe.call('GET', '/audit/verify', governance)).status).toBe(403);

    // The table refuses updates; a tamperer with the owner's rights switches that off first.
    await expect(pe.sql(`UPDATE $schema.audit_log SET actor = 'mallory' WHERE seq = 5`)).rejects.toThrow(
      /append-only/,
    );
    await pe.sql(`ALTER TABLE $schema.audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    await pe.sql(
      `UPDATE $schema.audit_log SET payload = jsonb_set(payload, '{tampered}', 'true') WHERE seq = 5`,
    );
    const tampered = await pe.call('GET', '/audit/verify', auditor);
    expect(tampered.body).toMatchObject({ ok: false, firstBadEntry: 5 });
  });

  async function firstPurchaseOrder(): Promise<{ actionId: string }> {
    const rows = await pe.sql<{ action_id: string }>(
      `SELECT action_id FROM $schema.decisions WHERE action_type = 'procurement.create-purchase-order' ORDER BY decided_at LIMIT 1`,
    );
    return { actionId: rows[0].action_id };
  }
});
