// execution-adapters as a process against real Kafka, Postgres and the simulated ERP: `GET
// /executions` paged (docs/contract.md section 7, "Lists page"): a JSON array, newest first, the
// next page in the Link header, none after the last.
import { EventTypes } from '@governor/contracts';
import { ExecutionHarness } from './execution-harness';

describe('execution-adapters executions list (process, real Kafka and Postgres)', () => {
  const h = new ExecutionHarness();
  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop(), 60_000);

  async function get(path: string): Promise<{ status: number; body: unknown; next?: string }> {
    const response = await fetch(h.url(path), { headers: { authorization: `Bearer ${h.auditor}` } });
    const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
    return { status: response.status, body: await response.json(), next };
  }

  it('pages executions newest first, two at a time, with every execution once', async () => {
    const approvals = [h.approval({ mode: 'automatic' }), h.approval({ mode: 'automatic' }), h.approval({ mode: 'automatic' })];
    // One after another, so that each is newer than the one before.
    for (const approved of approvals) {
      await h.publishApproved(approved);
      await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1);
    }
    const pages: { actionId: string; state: string }[][] = [];
    for (let next: string | undefined = '/executions?limit=2'; next; ) {
      const page = await get(next);
      expect(page.status).toBe(200);
      pages.push(page.body as { actionId: string; state: string }[]);
      next = page.next;
      expect(pages.length).toBeLessThan(5);
    }
    const ids = approvals.map((a) => a.data.actionId).reverse();
    expect(pages.map((p) => p.map((e) => e.actionId))).toEqual([ids.slice(0, 2), ids.slice(2)]);
    expect(pages.flat().every((e) => e.state === 'executed')).toBe(true);

    const executed = await get('/executions?state=executed&limit=1');
    expect((executed.body as { actionId: string }[]).map((e) => e.actionId)).toEqual([ids[0]]);
    expect(executed.next).toContain('state=executed');
    expect((await get('/executions?limit=0')).status).toBe(400);
    expect(((await get('/executions?after=bm90IGpzb24')).body as { error: { code: string } }).error.code).toBe('invalid-cursor');
  });
});
