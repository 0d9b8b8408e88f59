// Issue 8 scenarios 11 and 12 against the whole of Governor as processes: separation of duties, a
// replayed approval (a repeated approve call, a race of two approvers, the approved record
// published again) executing once, tokens that are missing, malformed, expired, wrongly signed or
// unsigned refused everywhere (and, a minute later, audited); the audit chain tampered with in SQL
// (UPDATE, DELETE, reorder) naming the first bad entry, and concurrent writers never forking it.
import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { ActionTypes, EventTypes, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { ApiCallError, type ServiceName } from '@governor/cli';
import { testAgentPublicKey, uniqueName } from '@governor/testing';
import type { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';
import { isolatedGroups, startStack } from './support/fault-stack';
import { eventually, FaultHistory, metricValue } from './support/fault-history';

jest.setTimeout(300_000);

interface Task {
  taskId: string;
  actionId: string;
  status: string;
  requiredApprovers: number;
}

const SECRET = process.env.GOVERNOR_JWT_SECRET ?? 'governor-dev-secret';
const AUDIT = '"policy_enforcement".audit_log';

describe('governance under attack: separation of duties, replays, tokens, audit tampering', () => {
  let stack: GovernorStack;
  let history: FaultHistory;
  let feeds: SteadyFeeds;
  let pg: Client;
  const governance = () => stack.api.as('u-governance', ['governance']);
  const auditor = () => stack.api.as('u-auditor', ['auditor']);
  const approver = (user: string, roles = ['approver', 'planner']) => stack.api.as(user, roles);

  beforeAll(async () => {
    stack = await startStack({ env: isolatedGroups().env }, (s) => (stack = s));
    history = await FaultHistory.start(stack);
    pg = new Client({ connectionString: stack.databaseUrl });
    await pg.connect();
    await governance().call('policy-enforcement', 'PUT', '/agents/replenisher', {
      owner: 'u-alice',
      scope: [ActionTypes.CreatePurchaseOrder],
      description: 'replenishment agent',
      publicKey: await testAgentPublicKey('replenisher'),
    });
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    await new Promise((r) => setTimeout(r, 4_000));
  });

  afterAll(async () => {
    await feeds?.stop();
    await pg?.end();
    await history?.stop();
    await stack?.stop();
  });

  function proposal(quantity: number, unitCost: number): CloudEvent<unknown> {
    const actionId = uniqueName('act');
    return {
      ...exampleEvent(EventTypes.AgentActionProposedV1),
      id: uniqueName('proposal'),
      source: 'urn:agent:replenisher',
      subject: actionId,
      time: new Date().toISOString(),
      data: {
        actionId,
        agentId: 'replenisher',
        actionType: ActionTypes.CreatePurchaseOrder,
        parameters: { supplierId: 'SUP-001', sku: 'SKU-F', location: 'DC-EAST', quantity, unitCost, amount: quantity * unitCost, needBy: '2026-12-10' },
        confidence: 0.96,
        rationale: 'fault suite',
      },
    };
  }

  const pendingTask = (actionId: string) =>
    eventually(
      async () => (await approver('u-lookup').call<Task[]>('policy-enforcement', 'GET', `/approvals?status=pending&actionId=${encodeURIComponent(actionId)}`)).find((t) => t.actionId === actionId),
      30_000,
      `the approval task of ${actionId}`,
      stack,
    );

  const approve = (user: string, taskId: string, roles?: string[]) =>
    approver(user, roles).call<Task>('policy-enforcement', 'POST', `/approvals/${taskId}/approve`, { comment: 'fault suite' });

  const approvedEvents = (actionId: string) => history.recorded.approved.messages.filter((m) => (m.json as { subject?: string }).subject === actionId);

  it('refuses missing, malformed, expired, wrongly signed and unsigned tokens on every API, and a token without the role', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const bad: Record<string, string | undefined> = {
      missing: undefined,
      'not a bearer': `Token ${mintToken(SECRET, 'u-x', ['auditor', 'operator', 'approver'])}`,
      malformed: 'Bearer not.a.jwt',
      expired: `Bearer ${mintToken(SECRET, 'u-x', ['auditor', 'operator', 'approver'], -10)}`,
      'wrong secret': `Bearer ${mintToken('not-the-secret', 'u-x', ['auditor', 'operator', 'approver'])}`,
      unsigned: `Bearer ${jwt.sign({ sub: 'u-x', roles: ['auditor', 'operator', 'approver'] }, '', { algorithm: 'none' })}`,
      'RS256 of another key': `Bearer ${jwt.sign({ sub: 'u-x', roles: ['auditor', 'operator', 'approver'] }, privateKey, { algorithm: 'RS256' })}`,
      'no subject': `Bearer ${jwt.sign({ roles: ['auditor', 'operator', 'approver'] }, SECRET, { algorithm: 'HS256' })}`,
    };
    const routes: [ServiceName, string, string][] = [
      ['policy-enforcement', 'GET', '/audit/verify'],
      ['policy-enforcement', 'GET', '/approvals'],
      ['policy-enforcement', 'POST', '/approvals/no-such-task/approve'],
      ['circuit-breaker', 'GET', '/domains'],
      ['execution-adapters', 'GET', '/executions'],
      ['resilience-monitor', 'GET', '/scorecard'],
    ];
    const seen: string[] = [];
    for (const [service, method, path] of routes) {
      for (const [name, header] of Object.entries(bad)) {
        const response = await fetch(`${stack.url(service)}${path}`, {
          method,
          headers: { ...(header ? { authorization: header } : {}), 'content-type': 'application/json' },
          body: method === 'POST' ? '{"comment":"x"}' : undefined,
        });
        const body = (await response.json()) as { error?: { code?: string } };
        seen.push(`${service} ${path} ${name}: ${response.status} ${body.error?.code ?? '-'}`);
      }
    }
    expect(seen).toEqual(routes.flatMap(([service, , path]) => Object.keys(bad).map((name) => `${service} ${path} ${name}: 401 unauthenticated`)));
    // A valid token without the needed role: 403; with it: 200. Health needs none.
    await expect(stack.api.as('u-x', ['planner']).call('policy-enforcement', 'GET', '/audit/verify')).rejects.toMatchObject({ status: 403 });
    await expect(stack.api.as('u-x', ['auditor']).call('circuit-breaker', 'GET', '/domains')).rejects.toMatchObject({ status: 403 });
    await expect(auditor().call('policy-enforcement', 'GET', '/audit/verify')).resolves.toMatchObject({ ok: true });
    expect((await fetch(`${stack.url('policy-enforcement')}/health/ready`)).status).toBe(200);
  });

  it('refuses self-approval and double approval, lets exactly one of two racing approvers complete a task, and a replayed approval executes once', async () => {
    // Two approvers needed (over 100,000), the agent's owner may not be one of them.
    const big = proposal(10_000, 15);
    const bigId = (big.data as { actionId: string }).actionId;
    await history.publishProposals([big], 'execute');
    const task = await pendingTask(bigId);
    expect(task.requiredApprovers).toBe(2);

    await expect(approve('u-alice', task.taskId)).rejects.toMatchObject({ status: 403, code: 'separation-of-duties' });
    await expect(approve('u-nobody', task.taskId, ['approver'])).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect((await approve('u-carol', task.taskId)).status).toBe('pending');
    await expect(approve('u-carol', task.taskId)).rejects.toMatchObject({ status: 403, code: 'separation-of-duties' });

    // The second approval, sent by two people at once: one completes the task, the other is late.
    const race = await Promise.allSettled([approve('u-dave', task.taskId), approve('u-erin', task.taskId), approve('u-frank', task.taskId)]);
    const won = race.filter((r) => r.status === 'fulfilled');
    const lost = race.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiCallError);
    expect(won).toHaveLength(1);
    expect(lost.map((e) => `${e.status} ${e.code}`)).toEqual(['409 task-not-pending', '409 task-not-pending']);
    await expect(approve('u-grace', task.taskId)).rejects.toMatchObject({ status: 409, code: 'task-not-pending' });

    await eventually(() => (history.distinctBySubject(history.recorded.outcomes, EventTypes.ActionExecutedV1).has(bigId) ? true : undefined), 60_000, 'the execution', stack);
    const published = approvedEvents(bigId);
    expect(new Set(published.map((m) => (m.json as { id: string }).id)).size).toBe(1);
    expect((published[0].json as { data: { approval: { approvers: string[] } } }).data.approval.approvers).toHaveLength(2);

    // The approved record published again, verbatim (a replay from upstream): handled as a duplicate.
    const duplicatesBefore = await metricValue(stack, 'execution-adapters', 'governor_execution_duplicates_total');
    await history.publishRaw(Topics.ActionsApprovedV1, published[0].partition, [{ key: bigId, value: published[0].value }]);
    await eventually(
      async () => ((await metricValue(stack, 'execution-adapters', 'governor_execution_duplicates_total')) === duplicatesBefore + 1 ? true : undefined),
      30_000,
      'the replay counted as a duplicate',
      stack,
    );
    await history.settleAndVerify();
    expect((await history.erpPurchaseOrders()).filter((po) => po.idempotencyKey === bigId)).toHaveLength(1);
  });

  it('keeps one audit chain under concurrent writers: parallel agent registrations and approvals', async () => {
    // The refusals of the tests above (401s, 403s) are reported when their minute closes and then
    // appended to the chain: let them land first, so that what these tests count is theirs alone.
    await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 5_000));
    const refusalsAudited = await pg.query(`SELECT 1 FROM ${AUDIT} WHERE kind = 'security.violation'`);
    expect(refusalsAudited.rowCount).toBeGreaterThan(0);
    const singles = Array.from({ length: 8 }, () => proposal(1_000, 12.5));
    await history.publishProposals(singles, 'execute');
    const tasks = await Promise.all(singles.map((p) => pendingTask((p.data as { actionId: string }).actionId)));
    const agents = Array.from({ length: 40 }, (_, i) => `fault-agent-${i}`);
    const keys = await Promise.all(agents.map((agent) => testAgentPublicKey(agent)));
    await Promise.all([
      ...agents.map((agent, i) => governance().call('policy-enforcement', 'PUT', `/agents/${agent}`, { owner: 'u-owner', scope: [ActionTypes.NotifyPlanner], description: 'load', publicKey: keys[i] })),
      ...tasks.map((t, i) => approve(`u-approver-${i}`, t.taskId)),
    ]);
    await history.settleAndVerify();
    const verify = await auditor().call<{ ok: boolean; entries: number }>('policy-enforcement', 'GET', '/audit/verify');
    const rows = await pg.query<{ seq: string; kind: string; subject: string }>(`SELECT seq, kind, subject FROM ${AUDIT} ORDER BY seq`);
    expect(verify).toEqual({ ok: true, entries: rows.rowCount });
    expect(rows.rows.map((r) => Number(r.seq))).toEqual(rows.rows.map((_, i) => i + 1));
    expect(rows.rows.filter((r) => r.kind === 'agent.registered' && agents.includes(r.subject.replace(/^agent:/, '')))).toHaveLength(40);
    const approvedSubjects = new Set(tasks.map((t) => t.actionId));
    expect(new Set(rows.rows.filter((r) => r.kind === 'approval.completed' && approvedSubjects.has(r.subject)).map((r) => r.subject)).size).toBe(8);
  });

  it('names the first bad entry when an entry is updated, deleted or moved in SQL, and verifies again once restored', async () => {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${AUDIT}`);
    const n = Number(rows[0].n);
    expect(n).toBeGreaterThan(20);
    const k = Math.floor(n / 2);
    const verify = () => auditor().call<{ ok: boolean; entries: number; firstBadEntry?: number }>('policy-enforcement', 'GET', '/audit/verify');
    const row = async (seq: number) => (await pg.query(`SELECT * FROM ${AUDIT} WHERE seq = $1`, [seq])).rows[0] as AuditRow;
    const put = (r: AuditRow, seq = Number(r.seq)) =>
      pg.query(`INSERT INTO ${AUDIT} (seq, occurred_at, kind, actor, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`, [
        seq,
        r.occurred_at,
        r.kind,
        r.actor,
        r.subject,
        JSON.stringify(r.payload),
        r.prev_hash,
        r.hash,
      ]);
    const remove = (...seqs: number[]) => pg.query(`DELETE FROM ${AUDIT} WHERE seq = ANY($1::bigint[])`, [seqs]);

    // The trigger refuses tampering; only someone who disables it on purpose gets through.
    await expect(pg.query(`UPDATE ${AUDIT} SET actor = 'mallory' WHERE seq = $1`, [k])).rejects.toThrow(/append-only/);
    await expect(remove(k)).rejects.toThrow(/append-only/);
    await pg.query(`ALTER TABLE ${AUDIT} DISABLE TRIGGER audit_log_no_update_or_delete`);
    try {
      const [atK, afterK] = [await row(k), await row(k + 1)];

      await pg.query(`UPDATE ${AUDIT} SET payload = payload || '{"amount": 1}'::jsonb WHERE seq = $1`, [k]);
      expect(await verify()).toMatchObject({ ok: false, firstBadEntry: k });
      await remove(k);
      await put(atK);
      expect(await verify()).toEqual({ ok: true, entries: n });

      await pg.query(`UPDATE ${AUDIT} SET actor = 'mallory' WHERE seq = $1`, [k + 1]);
      expect(await verify()).toMatchObject({ ok: false, firstBadEntry: k + 1 });
      await remove(k + 1);
      await put(afterK);
      expect(await verify()).toEqual({ ok: true, entries: n });

      await remove(k);
      expect(await verify()).toMatchObject({ ok: false, firstBadEntry: k });
      await put(atK);
      expect(await verify()).toEqual({ ok: true, entries: n });

      // Reordered: entries k and k+1 swap places.
      await remove(k, k + 1);
      await put(atK, k + 1);
      await put(afterK, k);
      expect(await verify()).toMatchObject({ ok: false, firstBadEntry: k });
      await remove(k, k + 1);
      await put(atK);
      await put(afterK);
      expect(await verify()).toEqual({ ok: true, entries: n });
    } finally {
      await pg.query(`ALTER TABLE ${AUDIT} ENABLE TRIGGER audit_log_no_update_or_delete`);
    }
  });
});

interface AuditRow {
  seq: string;
  occurred_at: Date;
  kind: string;
  actor: string;
  subject: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
}
