// `governor` through runCommand as a person uses it: tables by default and the API's JSON with
// --json; options before or after the arguments; an unknown option, a missing argument or a
// missing --reason fails with the command's usage and calls nothing; every command calls its
// method and path, and lists follow the Link header unless given --limit. A local HTTP server
// stands in for the services (one port for all) and shows what was asked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand, UsageError } from './governor-commands';
import { shadowVsChampionTable } from './scorecard';

interface Asked {
  method: string;
  url: string;
  body: unknown;
}

const TASK = {
  taskId: '0b9e4f7e-4b8e-4c43-9d51-0f4f3b1c2d3e',
  status: 'pending',
  domain: 'procurement',
  actionType: 'procurement.create-purchase-order',
  actionId: 'act-1',
  action: { parameters: { amount: 40000 } },
  requiredRole: 'planner',
  requiredApprovers: 2,
  approvals: [],
  requestedAt: '2026-12-04T08:00:00.123Z',
  escalatesAt: '2026-12-04T12:00:00.000Z',
  escalated: false,
};
const DOMAIN = { domain: 'inventory', mode: 'manual-fallback', since: '2026-12-04T08:30:00.000Z', healthyStreak: 0, health: { value: 0.41, staleFeeds: ['wms'], reasons: [], reportedAt: '2026-12-04T08:29:00.000Z' }, override: null };

const FIGURES = {
  eventsIn: 1200,
  meanDataQuality: 0.934,
  proposals: 40,
  decisions: { 'auto-approved': 30, 'approval-required': 8, rejected: 2, advisory: 0 },
  automationRate: 0.75,
  approvalLatencySeconds: { count: 8, p50: 95, p95: 300 },
  policyViolationsPrevented: 2,
  executions: { executed: 36, failed: 1, compensated: 0 },
  timeInModeSeconds: null,
  drift: [],
  forecastBias: [],
  auditCompleteness: { ratio: 0.97 },
  exceptionResolution: { resolved: 3, open: 1, retried: 2, meanSeconds: 42.5 },
  accessViolations: { total: 4, byKind: { forbidden: 4 } },
  fillRate: { orders: 20, filled: 17, rate: 0.85 },
  orderCycleTimeSeconds: { count: 12, p50: 610, p95: 1_800 },
  forecastAccuracy: [{ modelId: 'stockout-risk', modelVersion: '1.0.0+ab12', pairs: 40, wape: 0.183, bias: -0.4, relativeBias: -0.05 }],
  userAdoption: { actedOn: 9, expired: 1, rate: 0.9 },
  policyViolations: { total: 2, byPolicy: { 'guardrail.agent-out-of-scope': 2 } },
  automationMix: {
    outsideFallback: { autoApproved: 30, approvalRequired: 6, rejected: 2, automatedShare: 0.8333 },
    inFallback: { autoApproved: 0, approvalRequired: 2, rejected: 0, automatedShare: 0 },
  },
  fallbackReliability: { held: 2, heldAtExecution: 0, slipped: 0 },
};
const SHADOW_RUN = {
  modelId: 'demand-sensing',
  version: '2.0.0+5eed',
  champion: '2.0.0+c0de',
  since: '2026-12-03T10:00:00.000Z',
  forecasts: 24,
  wape: 0.1875,
  championWape: 0.3125,
  wapeDelta: -0.125,
  reportedAt: '2026-12-04T08:59:00.000Z',
};
const SCORECARD = {
  window: '7d',
  from: '2026-11-27T09:00:00.000Z',
  to: '2026-12-04T09:00:00.000Z',
  overall: { ...FIGURES, shadowVsChampion: [SHADOW_RUN] },
  domains: { credit: FIGURES, inventory: { ...FIGURES, shadowVsChampion: [SHADOW_RUN] } },
};

/** The stand-in's answers by path (the query string aside). */
function answerFor(method: string, pathname: string, after: string | null): { body: unknown; link?: string } {
  if (pathname === '/approvals') return { body: [TASK] };
  if (/^\/approvals\/[^/]+\/(approve|reject)$/.test(pathname)) return { body: { ...TASK, status: 'approved' } };
  if (pathname === '/domains') return { body: { domains: [DOMAIN] } };
  if (pathname.startsWith('/domains/')) return { body: { ...DOMAIN, history: [], overrides: [] } };
  if (pathname === '/policies') {
    // Two pages, linked as the services link them.
    const version = after === null ? '1' : '2';
    const body = [{ version, description: `bundle ${version}`, active: version === '1', createdBy: 'gwen', createdAt: '2026-12-01T00:00:00.000Z', activatedBy: null, activatedAt: null }];
    return { body, link: after === null ? '</policies?after=v1>; rel="next"' : undefined };
  }
  if (/^\/policies\/\d+\/diff\/\d+$/.test(pathname)) return { body: { from: '1', to: '2', diff: '--- version 1\n+++ version 2\n@@ -1 +1 @@\n-permit\n+forbid' } };
  if (pathname.endsWith('/simulate')) return { body: { version: '2', from: 'a', to: 'b', decisions: 1, recorded: { 'auto-approved': 1 }, simulated: { 'auto-approved': 0 }, changed: [] } };
  if (pathname.endsWith('/activate')) return { body: { version: '2', previousVersion: '1', createdBy: 'gwen', activatedBy: 'u-local-operator', activatedAt: '2026-12-04T09:00:00.000Z' } };
  if (pathname.startsWith('/policies/')) return { body: { version: '2', description: 'stricter', active: false, createdBy: 'gwen', createdAt: '2026-12-02T00:00:00.000Z', activatedBy: null, activatedAt: null, policies: 'forbid(principal, action, resource);' } };
  if (pathname === '/agents') return { body: [] };
  if (pathname.startsWith('/agents/')) return { body: { agentId: 'agent-eu', owner: 'olga', scope: ['inventory.transfer-stock'], description: '', publicKey: null, updatedBy: 'u', updatedAt: '2026-12-04T09:00:00.000Z' } };
  if (pathname === '/executions') return { body: [{ actionId: 'act-9', actionType: 'procurement.create-purchase-order', domain: 'procurement', state: 'executed', attempts: 1, externalReference: 'PO-7', error: null, updatedAt: '2026-12-04T09:00:00.000Z' }] };
  if (pathname.endsWith('/compensate')) return { body: { execution: { actionId: 'act-9', state: 'compensated' }, attempts: [] } };
  if (pathname === '/scorecard') return { body: SCORECARD };
  return { body: { unexpected: `${method} ${pathname}` } };
}

describe('governor: the command line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'governor-cli-'));
  let server: Server;
  let port: number;
  const asked: Asked[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        asked.push({ method: req.method ?? '', url: req.url ?? '', body: text ? (JSON.parse(text) as unknown) : undefined });
        const url = new URL(req.url ?? '/', 'http://stand-in');
        const { body, link } = answerFor(req.method ?? '', url.pathname, url.searchParams.get('after'));
        if (link) res.setHeader('link', link);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (asked.length = 0));

  /** Runs a command line as the executable does, keeping what it printed. */
  const run = async (args: string[]) => {
    const printed: string[] = [];
    const ports = Object.fromEntries(['POLICY_ENFORCEMENT', 'CIRCUIT_BREAKER', 'EXECUTION_ADAPTERS', 'RESILIENCE_MONITOR'].map((s) => [`PORT_${s}`, String(port)]));
    const answer = await runCommand(args, { env: { ...ports, GOVERNOR_TOKEN: 'eyJ.t.s' }, notice: () => undefined, print: (text) => printed.push(text) });
    return { answer, printed: printed.join('\n') };
  };
  const calls = () => asked.map((a) => `${a.method} ${a.url}`);

  it('prints a table by default and the JSON answer with --json, before or after the command', async () => {
    const table = await run(['approvals']);
    expect(table.printed.split('\n')[1]).toMatch(/│ task +│ status +│ domain +│ action +│ amount +│ role +│ approvals +│ requested +│ escalates +│/);
    expect(table.printed).toMatch(/│ 0b9e4f7e-4b8e-4c43-9d51-0f4f3b1c2d3e │ pending +│ procurement +│ procurement\.create-purchase-order │ 40000 +│ planner │ 0\/2 +│ 2026-12-04 08:00:00Z │/);
    expect(table.answer).toEqual([TASK]);

    for (const args of [['approvals', '--json'], ['--json', 'approvals', 'list']]) {
      const json = await run(args);
      expect(JSON.parse(json.printed)).toEqual([TASK]);
    }
    expect((await run(['domains'])).printed).toMatch(/│ inventory │ manual-fallback │ 2026-12-04 08:30:00Z │ 0\.41 +│ wms +│ - +│/);
    expect(JSON.parse((await run(['domains', 'list', '--json'])).printed)).toEqual({ domains: [DOMAIN] });
    expect((await run(['executions'])).printed).toMatch(/│ act-9 +│ procurement\.create-purchase-order │ procurement │ executed │ 1 +│ PO-7 +│ - +│/);
    expect((await run(['agents'])).printed).toBe('no agents registered');
    const scorecard = (await run(['scorecard'])).printed;
    expect(scorecard).toMatch(/^scorecard of the last 7d \(2026-11-27 09:00:00Z to 2026-12-04 09:00:00Z\)\n/);
    expect(scorecard).toMatch(/│ credit +│ 1200 +│ 0\.93 +│ 40 +│ 30 +│ 8 +│ 2 +│ 0\.75 +│ 95 +│ 36 +│ 1 +│ 2 +│/);
     // The outcomes: fill rate, cycle p50, exceptions, resolve time, adoption, violations, the mixes, fallback.
    expect(scorecard).toMatch(/│ credit +│ 0\.85 +│ 610 +│ 3\/1 +│ 42\.50 +│ 0\.90 +│ 2 +│ 4 +│ 30\/6\/2 0\.83 +│ 0\/2\/0 0\.00 +│ 2\/0 +│/);
    expect(scorecard).toMatch(/│ stockout-risk │ 1\.0\.0\+ab12 │ 40 +│ 0\.18 │ -0\.40 +│ -0\.05 +│/);
    // Shadow vs champion, by domain, the WAPEs to three places.
    expect(scorecard).toMatch(/\nshadow vs champion \(WAPE on the same live forecasts; delta = shadow - champion\)\n/);
    expect(scorecard).toMatch(
      /│ inventory │ demand-sensing │ 2\.0\.0\+5eed │ 2\.0\.0\+c0de │ 24 +│ 0\.188 +│ 0\.313 +│ -0\.125 +│ 2026-12-03 10:00:00Z │ 2026-12-04 08:59:00Z │/,
    );
    expect(JSON.parse((await run(['scorecard', '--json'])).printed).domains.inventory.shadowVsChampion).toEqual([SHADOW_RUN]);
    // A monitor that predates the figure, or a window with no shadow run.
    expect(shadowVsChampionTable({ ...SCORECARD, domains: { credit: FIGURES } })).toBe('no model version ran in shadow in the window');
  });

  it('sends the comment of `approve --comment x ID` as of `approve ID --comment x`, in both forms', async () => {
    const id = TASK.taskId;
    await run(['approve', '--comment', 'checked the supplier', id]);
    await run(['approvals', 'approve', id, '--comment', 'checked again']);
    await run(['approvals', 'reject', '--comment', 'too much', id]);
    await run(['approve', id]);
    expect(asked).toEqual([
      { method: 'POST', url: `/approvals/${id}/approve`, body: { comment: 'checked the supplier' } },
      { method: 'POST', url: `/approvals/${id}/approve`, body: { comment: 'checked again' } },
      { method: 'POST', url: `/approvals/${id}/reject`, body: { comment: 'too much' } },
      { method: 'POST', url: `/approvals/${id}/approve`, body: {} },
    ]);
  });

  it('fails with the usage of the command, calling nothing, on an unknown option, a missing argument or a missing --reason', async () => {
    const usage = async (args: string[]) => {
      const attempt = run(args);
      await expect(attempt).rejects.toThrow(UsageError);
      return ((await attempt.catch((error: unknown) => error)) as Error).message;
    };
    expect(await usage(['approvals', 'approve', '--bogus', 'x', TASK.taskId])).toMatch(/^error: unknown option '--bogus'\n\nUsage: governor approvals approve \[options\] <task-id>/);
    expect(await usage(['approvals', 'list', '--statuss', 'all'])).toMatch(/unknown option '--statuss'[\s\S]*Usage: governor approvals list \[options\]/);
    expect(await usage(['approve'])).toMatch(/missing required argument 'task-id'[\s\S]*Usage: governor approve/);
    expect(await usage(['override', 'inventory', 'manual-fallback'])).toMatch(/required option '--reason <text>' not specified[\s\S]*Usage: governor override/);
    expect(await usage(['domains', 'override', 'inventory', '--mode', 'automated'])).toMatch(/required option '--reason <text>' not specified[\s\S]*Usage: governor domains override/);
    expect(await usage(['domains', 'override', 'inventory', '--mode', 'sideways', '--reason', 'r'])).toMatch(/argument 'sideways' is invalid/);
    expect(await usage(['policies', 'simulate', '2', '--from', '2026-12-04T00:00:00Z'])).toMatch(/required option '--to <time>'/);
    expect(await usage(['audit', 'list', '--limit', 'lots'])).toMatch(/option '--limit <n>' argument 'lots' is invalid/);
    expect(await usage(['bogus'])).toMatch(/unknown command 'bogus'/);
    expect(await usage(['kafka-user', 'add'])).toMatch(/missing required argument 'name'[\s\S]*Usage: governor kafka-user add/);
    expect(asked).toEqual([]);
  });

  it('reads the topic lists of kafka-user add (without a local broker it names the ACLs to create by hand)', async () => {
    const env = { GOVERNOR_DATA_DIR: path.join(dir, 'no-broker') };
    const attempt = runCommand(['kafka-user', 'add', 'wms-eu', '--produce', 'source.inventory.v1', '--consume', 'actions.approved.v1', 'governance.decisions.v1'], { env, notice: () => undefined });
    const message = ((await attempt.catch((error: unknown) => error)) as Error).message;
    const acls = JSON.parse(message.slice(message.indexOf('['))) as { name: string; operation: string }[];
    expect(acls.map((a) => `${a.operation} ${a.name}`)).toEqual(['write source.inventory.v1', 'read actions.approved.v1', 'read governance.decisions.v1', 'read wms-eu']);
  });

  it('calls the method and path of each command', async () => {
    const key = path.join(dir, 'agent.jwk.json');
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
    writeFileSync(key, JSON.stringify(jwk));
    const lines: string[][] = [
      ['approvals', '--status', 'all', '--domain', 'credit', '--sort', 'risk', '--action-id', 'act-1'],
      ['approvals', 'list', '--limit', '5'],
      ['domains', 'show', 'inventory'],
      ['domains', 'inventory'],
      ['domains', 'override', 'inventory', '--mode', 'manual-fallback', '--reason', 'WMS maintenance'],
      ['override', '--reason', 'back', 'inventory', 'clear'],
      ['executions', 'list', '--state', 'failed', '--limit', '10'],
      ['executions', 'compensate', 'act-9', '--reason', 'wrong supplier'],
      ['policies', 'show', '2'],
      ['policies', 'diff', '1', '2'],
      ['policies', 'simulate', '--from', '2026-12-04T00:00:00Z', '2', '--to', '2026-12-05T00:00:00Z'],
      ['policies', 'activate', '2'],
      ['agents', 'register', 'agent-eu', '--owner', 'olga', '--scope', 'inventory.transfer-stock, procurement.create-purchase-order', '--public-key', key],
      ['scorecard', '--window', '7d'],
    ];
    for (const line of lines) await run(line);
    expect(calls()).toEqual([
      'GET /approvals?status=all&domain=credit&sort=risk&actionId=act-1',
      'GET /approvals?status=pending&limit=5',
      'GET /domains/inventory',
      'GET /domains/inventory',
      'POST /domains/inventory/override',
      'POST /domains/inventory/override',
      'GET /executions?state=failed&limit=10',
      'POST /executions/act-9/compensate',
      'GET /policies/2',
      'GET /policies/1/diff/2',
      'POST /policies/2/simulate',
      'POST /policies/2/activate',
      'PUT /agents/agent-eu',
      'GET /scorecard?window=7d',
    ]);
    expect(asked.filter((a) => a.method !== 'GET').map((a) => a.body)).toEqual([
      { mode: 'manual-fallback', reason: 'WMS maintenance' },
      { mode: 'clear', reason: 'back' },
      { reason: 'wrong supplier' },
      { from: '2026-12-04T00:00:00Z', to: '2026-12-05T00:00:00Z' },
      undefined,
      { owner: 'olga', scope: ['inventory.transfer-stock', 'procurement.create-purchase-order'], publicKey: jwk },
    ]);
  });

  it('pages through a whole list unless given --limit, and prints diffs and Cedar text as they are', async () => {
    const all = await run(['policies']);
    expect(calls()).toEqual(['GET /policies', 'GET /policies?after=v1']);
    expect((all.answer as { version: string }[]).map((v) => v.version)).toEqual(['1', '2']);
    expect(all.printed).toMatch(/│ 1 +│ yes +│ bundle 1 +│ gwen +│/);
    expect(all.printed).toMatch(/│ 2 +│ no +│ bundle 2 +│ gwen +│/);

    expect((await run(['policies', 'diff', '1', '2'])).printed).toBe('--- version 1\n+++ version 2\n@@ -1 +1 @@\n-permit\n+forbid');
    expect((await run(['policies', 'show', '2'])).printed).toMatch(/│ description │ stricter +│[\s\S]*\nforbid\(principal, action, resource\);$/);
    expect((await run(['policies', 'simulate', '2', '--from', 'a', '--to', 'b'])).printed).toMatch(/^1 decisions from a to b\n[\s\S]*│ auto-approved │ 1 +│ 0 +│[\s\S]*no decision would change$/);
  });
});
