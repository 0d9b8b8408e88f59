// policy-enforcement as a process on the real broker and Postgres: the paged lists of
// docs/contract.md section 7 ("Lists page"). The review queue, 250 tasks written straight into its
// table and two decided from proposals, walked a page at a time through the Link header in each
// order; its actionId filter; the 400s for a bad limit, cursor or sort; the agents and policy
// versions paged too.
import { taskRisk, type SortedAction } from '../src/domain/review-order';
import { seedPendingTasks } from './approval-seed';
import { PolicyEnforcementHarness } from './policy-enforcement.harness';

const planner = { id: 'lister', roles: ['approver', 'planner'] };
const governance = { id: 'gwen', roles: ['governance'] };

interface TaskView {
  taskId: string;
  actionId: string;
  status: string;
  requestedAt: string;
  action: { actionType: SortedAction['actionType']; parameters: Record<string, unknown> };
  lineage: SortedAction['lineage'];
}

describe('policy-enforcement paged lists (process, real Kafka and Postgres)', () => {
  const pe = new PolicyEnforcementHarness();
  let seeded: Awaited<ReturnType<typeof seedPendingTasks>> = [];
  const decided: string[] = [];

  beforeAll(async () => {
    await pe.start();
    // Two tasks the service opens itself (ApprovalStore.insertAll computes their amount and risk):
    // the largest amount of the queue, and the riskiest (a high-tier action on doubtful data).
    const proposals = await pe.publishRiskProposals([
      { parameters: { amount: 90_000 }, dataQuality: 0.97 },
      { parameters: { amount: 20_000 }, dataQuality: 0.6 },
    ]);
    decided.push(...proposals.map((p) => p.data.actionId));
    await pe.waitUntil(
      async () => (await pe.sql(`SELECT 1 FROM "${pe.schema}".approval_tasks`)).length === 2,
      30_000,
      'the two proposals decided into tasks',
    );
    // Requested before those two, so the age order lists them last.
    seeded = await seedPendingTasks(pe.pg, pe.schema, 250, new Date(Date.now() - 3_600_000));
  }, 180_000);
  afterAll(() => pe.stop(), 60_000);

  async function get(path: string, user = planner): Promise<{ status: number; body: unknown; next?: string }> {
    const response = await fetch(pe.url(path), { headers: { authorization: `Bearer ${pe.token(user.id, user.roles)}` } });
    const link = response.headers.get('link');
    const next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
    if (link) expect(next).toBeDefined();
    return { status: response.status, body: await response.json(), next };
  }

  /** Every page from `path` on, following the Link header. */
  async function walk(path: string): Promise<TaskView[][]> {
    const pages: TaskView[][] = [];
    for (let next: string | undefined = path; next; ) {
      const page = await get(next);
      expect(page.status).toBe(200);
      pages.push(page.body as TaskView[]);
      next = page.next;
      expect(pages.length).toBeLessThan(10);
    }
    return pages;
  }

  function expectWhole(pages: TaskView[][]): TaskView[] {
    expect(pages.map((p) => p.length)).toEqual([100, 100, 52]);
    const all = pages.flat();
    const ids = all.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(252);
    expect(new Set(all.map((t) => t.actionId))).toEqual(new Set([...seeded.map((s) => s.actionId), ...decided]));
    return all;
  }

  it('pages the queue oldest first, 100 at a time, with no repeats or gaps, and no Link after the last page', async () => {
    const all = expectWhole(await walk('/approvals?limit=100'));
    // The seeded tasks share their millisecond in threes and thirties: the cursor keeps microseconds.
    expect(all.slice(0, 250).map((t) => t.actionId)).toEqual(seeded.map((s) => s.actionId).sort(byRequestThenId(seeded)));
    expect(all.slice(250).map((t) => t.actionId).sort()).toEqual([...decided].sort());
    const times = all.map((t) => Date.parse(t.requestedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('pages the queue largest amount first, tasks without an amount last', async () => {
    const all = expectWhole(await walk('/approvals?limit=100&sort=amount'));
    expect(all[0].actionId).toBe(decided[0]);
    const amounts = all.map((t) => (typeof t.action.parameters.amount === 'number' ? t.action.parameters.amount : -1));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts.filter((a) => a === -1).length).toBe(seeded.filter((s) => s.amount === null).length);
  });

  it('pages the queue riskiest first: high tier before medium before low, then the most doubtful data', async () => {
    const all = expectWhole(await walk('/approvals?limit=100&sort=risk'));
    expect(all[0].actionId).toBe(decided[1]);
    const risks = all.map((t) => taskRisk({ ...t.action, lineage: t.lineage }));
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect(all[all.length - 1].action.actionType).toBe('planning.notify-planner');
  });

  it('keeps one action’s tasks with actionId=, with the other filters', async () => {
    const one = await get(`/approvals?actionId=${seeded[7].actionId}`);
    expect(one.status).toBe(200);
    expect((one.body as TaskView[]).map((t) => t.taskId)).toEqual([seeded[7].taskId]);
    expect(one.next).toBeUndefined();
    const decidedOne = await get(`/approvals?actionId=${decided[0]}&domain=procurement&sort=amount`);
    expect((decidedOne.body as TaskView[]).map((t) => t.actionId)).toEqual([decided[0]]);
    expect((await get(`/approvals?actionId=${seeded[7].actionId}&status=approved`)).body).toEqual([]);
  });

  it('answers 400 with a code for a bad limit, cursor or sort', async () => {
    const code = async (path: string) => {
      const answer = await get(path);
      expect(answer.status).toBe(400);
      return (answer.body as { error: { code: string } }).error.code;
    };
    expect(await code('/approvals?limit=0')).toBe('invalid-limit');
    expect(await code('/approvals?limit=501')).toBe('invalid-limit');
    expect(await code('/approvals?limit=ten')).toBe('invalid-limit');
    expect(await code('/approvals?after=not*a*cursor')).toBe('invalid-cursor');
    // Well-formed base64url JSON, but not a cursor of this list's order.
    const ageCursor = new URL(pe.url((await get('/approvals?limit=1')).next ?? '')).searchParams.get('after');
    expect(await code(`/approvals?sort=risk&after=${ageCursor}`)).toBe('invalid-cursor');
    const forged = Buffer.from(JSON.stringify({ at: 'yesterday', id: 'x' })).toString('base64url');
    expect(await code(`/approvals?after=${forged}`)).toBe('invalid-cursor');
    expect(await code('/approvals?sort=price')).toBe('invalid-sort');
  });

  it('pages the agents and the policy versions with a Link', async () => {
    for (const id of ['agent-a', 'agent-b', 'agent-c']) {
      await pe.registerAgent(id, { owner: 'olga', scope: ['procurement.create-purchase-order'] });
    }
    const first = await get('/agents?limit=2', governance);
    expect((first.body as { agentId: string }[]).map((a) => a.agentId)).toEqual(['agent-a', 'agent-b']);
    expect(first.next).toBeDefined();
    const second = await get(first.next ?? '', governance);
    expect((second.body as { agentId: string }[]).map((a) => a.agentId)).toEqual(['agent-c']);
    expect(second.next).toBeUndefined();

    const created = await pe.call('POST', '/policies', governance, {
      policies: ((await pe.call('GET', '/policies/active', governance)).body as { policies: string }).policies,
      description: 'the same bundle again',
    });
    expect(created.status).toBe(201);
    const versions = await get('/policies?limit=1', governance);
    expect(versions.body).toEqual([expect.objectContaining({ version: '1', active: true })]);
    const rest = await get(versions.next ?? '', governance);
    expect(rest.body).toEqual([expect.objectContaining({ version: '2', active: false })]);
    expect(rest.next).toBeUndefined();
    expect((await get('/agents?limit=-1', governance)).status).toBe(400);
  });
});

/** The age order of seeded tasks: by request time (as the service answered it), then task id. */
function byRequestThenId(seeded: readonly { actionId: string; taskId: string }[]): (a: string, b: string) => number {
  const index = new Map(seeded.map((s, i) => [s.actionId, { i, taskId: s.taskId }]));
  const tick = (actionId: string) => Math.floor((index.get(actionId)?.i ?? 0) / 3);
  const id = (actionId: string) => index.get(actionId)?.taskId ?? '';
  // Postgres orders uuids by their bytes: for lower-case hex, the strings' own order.
  return (a, b) => tick(a) - tick(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}
