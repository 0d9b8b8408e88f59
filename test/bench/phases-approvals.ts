// The `approvals` part (issue 22): with 10,000 pending approval tasks, a page of the review queue
// (`GET /approvals?limit=100`) answers in under 200 ms. policy-enforcement alone, started as the
// bench starts its services (GovernorStack: its own database, topics and port), the tasks written
// straight into its table (what its own insert writes, services/policy-enforcement/test/approval-seed.ts),
// then for each order the first page and a deep one (reached through the cursors) asked for again
// and again, one request at a time.
import path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@governor/auth';
import { deleteTopicNamespace } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import type { BenchContext } from './phases';
import { percentile, round } from './stats';

/**
 * The service's own seeding of its table, from its compiled tests (a project's code reaches
 * another's only through a lib, so the bench loads it from dist as policy-cost.ts loads the engine).
 */
type SeedPendingTasks = (pg: Client, schema: string, count: number, from?: Date) => Promise<unknown[]>;
function seedPendingTasks(...args: Parameters<SeedPendingTasks>): ReturnType<SeedPendingTasks> {
  const seed = path.resolve(__dirname, '../../services/policy-enforcement/test/approval-seed.js');
  return (require(seed) as { seedPendingTasks: SeedPendingTasks }).seedPendingTasks(...args);
}

const TASKS = 10_000;
const PAGE = 100;
/** The deep page: this many pages in, reached by following each page's Link. */
const DEEP_PAGES = 50;
const REQUESTS = 20;
const SORTS = ['age', 'amount', 'risk'] as const;
/** policy-enforcement's schema as the stack runs it (POLICY_ENFORCEMENT_DB_SCHEMA's default). */
const SCHEMA = 'policy_enforcement';

export interface ApprovalPageTiming {
  sort: (typeof SORTS)[number];
  /** `first`, or `after N` for the page after N tasks. */
  page: string;
  requests: number;
  p50Ms?: number;
  p95Ms?: number;
  items: number;
}

export async function approvalsPhase(ctx: BenchContext): Promise<void> {
  ctx.log(`approvals: policy-enforcement alone, ${TASKS} pending tasks, pages of ${PAGE} in each order`);
  const stack = await GovernorStack.start({ services: ['policy-enforcement'], env: { LOG_LEVEL: 'warn' } });
  const stop = async () => {
    await stack.stop();
    await deleteTopicNamespace(ctx.admin, stack.namespace);
  };
  ctx.cleanups.push(stop);
  try {
    const pg = new Client({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      await seedPendingTasks(pg, SCHEMA, TASKS, new Date(Date.now() - 86_400_000));
      await pg.query(`ANALYZE "${SCHEMA}".approval_tasks`);
    } finally {
      await pg.end();
    }
    const base = stack.url('policy-enforcement');
    const token = mintToken(process.env.GOVERNOR_JWT_SECRET ?? 'governor-dev-secret', 'u-bench', ['approver', 'planner']);
    const timings: ApprovalPageTiming[] = [];
    for (const sort of SORTS) {
      const first = `/approvals?limit=${PAGE}&sort=${sort}`;
      let deep = first;
      for (let i = 0; i < DEEP_PAGES; i++) {
        const next = (await ask(base, deep, token)).next;
        if (!next) throw new Error(`approvals: the ${sort} order ended after ${i + 1} pages`);
        deep = next;
      }
      timings.push(await timed(base, first, token, sort, 'first'), await timed(base, deep, token, sort, `after ${DEEP_PAGES * PAGE}`));
    }
    ctx.results.approvals = { tasks: TASKS, pageSize: PAGE, timings };
    for (const t of timings) ctx.log(`  ${t.sort} ${t.page}: p50 ${t.p50Ms} ms, p95 ${t.p95Ms} ms (${t.requests} requests)`);
  } finally {
    ctx.cleanups.splice(ctx.cleanups.indexOf(stop), 1);
    await stop();
  }
}

async function ask(base: string, path: string, token: string): Promise<{ ms: number; items: number; next?: string }> {
  const started = process.hrtime.bigint();
  const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as unknown[];
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
  const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
  return { ms, items: body.length, next };
}

/** One warm-up, then REQUESTS requests one after another; loopback round trips, body read whole. */
async function timed(base: string, path: string, token: string, sort: ApprovalPageTiming['sort'], page: string): Promise<ApprovalPageTiming> {
  await ask(base, path, token);
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await ask(base, path, token);
    times.push(answer.ms);
    items = answer.items;
  }
  times.sort((a, b) => a - b);
  return { sort, page, requests: REQUESTS, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), items };
}
