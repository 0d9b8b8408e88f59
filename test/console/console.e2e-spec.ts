// The operator console in a real browser (Debian's Chromium through playwright-core) against the
// whole of Governor as processes (GovernorStack) and the console process beside it: people sign in,
// approve, are refused by separation of duties, override a domain, read lineage, the scorecard and
// the audit chain, and export an evidence pack that the CLI checks offline. axe-core checks every
// page; the tests take the screenshots the README shows (docs/console/*.png, rewritten with
// GOVERNOR_UPDATE_SCREENSHOTS=1).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { ActionTypes, EventTypes, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { signedProposal, testAgentPublicKey, type NodeProcess, uniqueName } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';
import { screenshotDir } from '../support/screenshots';
import { launchChromium } from './support/browser';
import { startConsole } from './support/console-process';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOTS = screenshotDir('console');
const ROLES = ['approver', 'planner', 'credit-controller', 'operator', 'governance', 'auditor'];

interface Task {
  taskId: string;
  actionId: string;
}

describe('the operator console in Chromium, against the whole stack', () => {
  let stack: GovernorStack;
  let feeds: SteadyFeeds;
  let consoleProcess: NodeProcess;
  let consoleUrl: string;
  let browser: Browser;
  const auditor = () => stack.api.as('u-auditor', ['auditor']);

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await GovernorStack.start();
    await stack.api.as('u-governance', ['governance']).call('policy-enforcement', 'PUT', '/agents/replenisher', {
      owner: 'u-alice',
      scope: [ActionTypes.CreatePurchaseOrder, ActionTypes.TransferStock],
      description: 'replenishment agent',
      publicKey: await testAgentPublicKey('replenisher'),
    });
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    ({ url: consoleUrl, process: consoleProcess } = await startConsole(stack));
    // Feed health reaches policy-enforcement within a few health intervals.
    await new Promise((r) => setTimeout(r, 4_000));
  });

  afterAll(async () => {
    await browser?.close();
    await consoleProcess?.stop();
    await feeds?.stop();
    await stack?.stop();
  });

  /** A purchase order proposed by the replenisher agent (owned by u-alice), signed with its key. */
  async function proposePurchaseOrder(quantity: number, confidence: number): Promise<string> {
    const actionId = uniqueName('act');
    const proposal: CloudEvent<unknown> = await signedProposal({
      ...exampleEvent(EventTypes.AgentActionProposedV1),
      id: uniqueName('proposal'),
      source: 'urn:agent:replenisher',
      subject: actionId,
      time: new Date().toISOString(),
      data: {
        actionId,
        agentId: 'replenisher',
        actionType: ActionTypes.CreatePurchaseOrder,
        parameters: { supplierId: 'SUP-001', sku: 'SKU-CONSOLE', location: 'DC-EAST', quantity, unitCost: 12.5, amount: quantity * 12.5, needBy: '2026-12-10' },
        confidence,
        rationale: 'console test',
        modelId: 'replenisher-llm',
        modelVersion: '1',
      },
    });
    await stack.publisher.publish(Topics.AgentsProposalsV1, proposal);
    return actionId;
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stack.output()}\n---- console\n${consoleProcess.output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const pendingTask = (actionId: string) =>
    eventually(
      async () => (await stack.api.as('u-test', ['approver', 'planner']).call<Task[]>('policy-enforcement', 'GET', `/approvals?actionId=${encodeURIComponent(actionId)}`))[0],
      30_000,
      `the approval task of ${actionId}`,
    );

  async function erpOrders(actionId: string): Promise<unknown[]> {
    const body = (await (await fetch(`${stack.url('simulated-erp')}/purchase-orders?idempotencyKey=${actionId}`)).json()) as unknown[] | { items: unknown[] };
    return Array.isArray(body) ? body : body.items;
  }

  /** A fresh browser session signed in through the console's development form. */
  async function signIn(user: string, roles: string[]): Promise<Page> {
    const context = await browser.newContext({ baseURL: consoleUrl, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('User id').fill(user);
    for (const role of ROLES) await page.getByLabel(role, { exact: true }).setChecked(roles.includes(role));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });

  let approvedId = '';

  it('a planner approves a pending purchase order, which reaches the simulated ERP, as its lineage page shows', async () => {
    approvedId = await proposePurchaseOrder(800, 0.97);
    await pendingTask(approvedId);
    const page = await signIn('u-carol', ['approver', 'planner']);
    await page.getByLabel('Sort by').selectOption('amount');
    const card = page.locator(`article[data-action-id="${approvedId}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('high-risk.person-approves');
    await expect(card.textContent()).resolves.toContain('0 of 1 approvals (planner)');
    await screenshot(page, 'approvals');

    await card.getByLabel('Comment').fill('stock is low at DC-EAST');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('approved: 1 of 1 approvals (planner) by u-carol').waitFor();

    await eventually(async () => ((await erpOrders(approvedId)).length === 1 ? true : undefined), 30_000, 'the approved order in the ERP');
    await eventually(
      async () => ((await auditor().call<{ outcome: unknown }>('policy-enforcement', 'GET', `/lineage/${approvedId}`)).outcome ? true : undefined),
      30_000,
      'the execution outcome in the lineage',
    );
    // The task links to its lineage, which an auditor reads.
    const lineageUrl = await card.getByRole('link', { name: approvedId }).getAttribute('href');
    expect(lineageUrl).toBe(`/lineage/${approvedId}`);
    const auditorPage = await signIn('u-auditor', ['auditor']);
    await auditorPage.goto(lineageUrl as string);
    await auditorPage.locator('.react-flow__node.stage-execution').first().waitFor();
    const execution = await auditorPage.locator('.react-flow__node.stage-execution').first().textContent();
    expect(execution).toContain(EventTypes.ActionExecutedV1);
    await expect(auditorPage.locator('.react-flow__node.stage-approval').first().textContent()).resolves.toContain('u-carol');
  });

  it("the agent's owner tries to approve and sees the separation-of-duties reason", async () => {
    const actionId = await proposePurchaseOrder(900, 0.97);
    await pendingTask(actionId);
    const page = await signIn('u-alice', ['approver', 'planner']);
    const card = page.locator(`article[data-action-id="${actionId}"]`);
    await card.waitFor();
    await card.getByLabel('Comment').fill('mine, looks fine');
    await card.getByRole('button', { name: 'Approve' }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^separation-of-duties: /);
    expect(await card.textContent()).toContain('pending: 0 of 1 approvals');
  });

  it('an operator overrides inventory to manual fallback with a reason and clears it', async () => {
    const page = await signIn('u-ops', ['operator']);
    await page.getByRole('link', { name: 'Domains' }).click();
    const inventory = page.locator('article[data-domain="inventory"]');
    await inventory.waitFor();
    // The health line comes from the breaker's history (a report a second since the stack started):
    // many points as soon as it is drawn, where watching from the page alone would have one.
    const healthCaption = inventory.locator('figcaption', { hasText: 'inventory health' });
    await healthCaption.getByText(/\d+ reports in the last 24 h/).waitFor();
    const drawnPoints = Number(/(\d+) reports in the last 24 h/.exec((await healthCaption.textContent()) ?? '')?.[1]);
    expect(drawnPoints).toBeGreaterThanOrEqual(2);
    await inventory.getByLabel('Force mode').selectOption('manual-fallback');
    await inventory.getByLabel('Reason').fill('WMS maintenance');
    await inventory.getByRole('button', { name: 'Override', exact: true }).click();
    await inventory.getByText('forced manual-fallback by u-ops: “WMS maintenance”').waitFor();
    await inventory.locator('.timeline li', { hasText: 'manual-fallback' }).first().waitFor();
    // The forced change is marked on the health line.
    await healthCaption.getByText(/[1-9]\d* mode changes marked/).waitFor();
    const forced = await stack.api.as('u-ops', ['operator']).call<{ mode: string; override: { reason: string } | null }>('circuit-breaker', 'GET', '/domains/inventory');
    expect(forced).toMatchObject({ mode: 'manual-fallback', override: { reason: 'WMS maintenance' } });
    await inventory.scrollIntoViewIfNeeded();
    await screenshot(page, 'domains');

    await inventory.getByLabel('Reason').fill('maintenance done');
    await inventory.getByRole('button', { name: 'Clear override' }).click();
    await inventory.getByRole('button', { name: 'Clear override' }).and(page.locator(':disabled')).waitFor();
    const cleared = await stack.api.as('u-ops', ['operator']).call<{ override: unknown }>('circuit-breaker', 'GET', '/domains/inventory');
    expect(cleared.override).toBeNull();
  });

  it('the lineage graph shows a node for every stage of an auto-approved order', async () => {
    const actionId = await proposePurchaseOrder(100, 0.96);
    await eventually(
      async () => ((await auditor().call<{ outcome: unknown }>('policy-enforcement', 'GET', `/lineage/${actionId}`)).outcome ? true : undefined),
      30_000,
      'the execution of the auto-approved order',
    );
    const page = await signIn('u-auditor', ['auditor']);
    await page.goto(`/lineage/${actionId}`);
    await page.locator('.react-flow__node').first().waitFor();
    const count = (kind: string) => page.locator(`.react-flow__node.stage-${kind}`).count();
    expect({ source: await count('source'), quality: await count('data-quality'), model: await count('model'), decision: await count('decision'), execution: await count('execution') }).toEqual({
      source: 1,
      quality: 1,
      model: 1,
      decision: 1,
      execution: 1,
    });
    expect(await page.locator('.react-flow__node.stage-decision').textContent()).toContain('auto-approved');
    // Each stage is joined to the one before.
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThanOrEqual(4);
    // The agent's proposal is its own source event, shown with its time.
    const source = await page.locator('.react-flow__node.stage-source').textContent();
    const proposed = (await auditor().call<{ sourceEvents: { time: string }[] }>('policy-enforcement', 'GET', `/lineage/${actionId}`)).sourceEvents[0].time;
    expect(source).toContain(await page.evaluate((iso) => new Date(iso).toLocaleString(), proposed));
  });

  it("the lineage of a model's proposal shows its source events' times and the model's inputs", async () => {
    const example = exampleEvent(EventTypes.RiskActionProposedV1);
    const actionId = uniqueName('act');
    const levelTime = new Date(Date.now() - 90_000).toISOString();
    await stack.publisher.publish(Topics.ActionsProposedV1, {
      ...example,
      id: uniqueName('risk-proposal'),
      subject: actionId,
      time: new Date().toISOString(),
      data: {
        ...example.data,
        actionId,
        parameters: { ...example.data.parameters, sku: 'SKU-LINEAGE' },
        sourceEvents: example.data.sourceEvents.map((e) => ({ ...e, id: uniqueName('level'), time: levelTime })),
        proposedAt: new Date().toISOString(),
      },
    });
    await eventually(
      async () => ((await auditor().call<{ decision: unknown }>('policy-enforcement', 'GET', `/lineage/${actionId}`)).decision ? true : undefined),
      30_000,
      'the decision on the model proposal',
    );
    const page = await signIn('u-auditor', ['auditor']);
    await page.goto(`/lineage/${actionId}`);
    await page.locator('.react-flow__node.stage-model').waitFor();
    const source = await page.locator('.react-flow__node.stage-source').textContent();
    expect(source).toContain(await page.evaluate((iso) => new Date(iso).toLocaleString(), levelTime));
    const model = await page.locator('.react-flow__node.stage-model').textContent();
    expect(model).toContain(`model ${example.data.model?.id}`);
    for (const [name, value] of Object.entries(example.data.features)) expect(model).toContain(`${name}=${String(value)}`);
    // Also in the list of stages below the graph.
    expect(await page.locator('li[data-stage="model"]').textContent()).toContain('daysOfCover=4');
    await screenshot(page, 'lineage');
  });

  it('the scorecard charts draw from live data', async () => {
    const page = await signIn('u-auditor', ['auditor']);
    await page.getByRole('link', { name: 'Scorecard' }).click();
    await page.locator('canvas[data-chart="Automation rate"]').waitFor();
    expect(await page.locator('canvas[data-chart]').count()).toBe(12);
    // Live figures: the auto-approved and approved orders of the tests above are in the window.
    expect(await page.locator('figure', { hasText: 'Automation rate' }).textContent()).toMatch(/overall 0\.\d\d|overall 1\.00/);
    expect(await page.locator('figure', { hasText: 'Approval latency' }).textContent()).toMatch(/over [1-9]\d* approvals/);
    // Shadow vs champion: drawn in every window, in words when no version ran in shadow.
    expect(await page.locator('figure', { hasText: 'Shadow vs champion' }).textContent()).toMatch(/no model version ran in shadow in the window|against champion v/);
    // Drawn: the automation-rate canvas has coloured pixels, not just a blank surface.
    // (Typed structurally: the workspace compiles without the DOM library.)
    type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const painted = await page.locator('canvas[data-chart="Automation rate"]').evaluate((element) => {
      const canvas = element as unknown as Canvas;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] > data[i] + 40) coloured++;
      return coloured;
    });
    expect(painted).toBeGreaterThan(100);
    await screenshot(page, 'scorecard');
  });

  it('an auditor exports an evidence pack that `governor audit verify-pack` accepts, and rejects once one byte of an entry changes', async () => {
    const page = await signIn('u-auditor', ['auditor']);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByRole('status').getByText(/The chain holds: \d+ entries verified\./).waitFor();
    await screenshot(page, 'audit');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export evidence pack' }).click()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'console-pack-'));
    const file = path.join(dir, 'pack.json');
    await download.saveAs(file);
    const pack = readFileSync(file, 'utf8');
    expect(JSON.parse(pack)).toMatchObject({ format: 'governor.audit-evidence-pack', entries: expect.any(Array) });

    const verifyPack = (target: string) => promisify(execFile)(process.execPath, [path.join(ROOT, 'infra/bin/governor.cjs'), 'audit', 'verify-pack', target]);
    await expect(verifyPack(file)).resolves.toMatchObject({ stdout: expect.any(String) });

    // One byte of one entry: a letter of the first entry's actor.
    const actorAt = pack.indexOf('"actor":"') + '"actor":"'.length;
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, pack.slice(0, actorAt) + (pack[actorAt] === 'X' ? 'Y' : 'X') + pack.slice(actorAt + 1));
    await expect(verifyPack(tampered)).rejects.toMatchObject({ code: expect.any(Number) });
  });

  it('an owner is registered and edited on the agents page', async () => {
    const page = await signIn('u-governance', ['governance']);
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('cell', { name: 'replenisher', exact: true }).waitFor();
    await page.getByLabel('Agent id').fill('forecaster');
    await page.getByLabel('Owner (user id)').fill('u-erin');
    await page.getByLabel('Scope (action types, comma-separated)').fill(ActionTypes.TransferStock);
    await page.getByLabel('Description').fill('demand forecaster');
    await page.getByLabel('Public key').fill(JSON.stringify(await testAgentPublicKey('forecaster')));
    await page.getByRole('button', { name: 'Save agent' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Saved forecaster.');
    await page.getByRole('cell', { name: 'u-erin' }).waitFor();
    await page.getByRole('button', { name: 'Edit forecaster' }).click();
    await page.getByLabel('Owner (user id)').fill('u-frank');
    await page.getByRole('button', { name: 'Save agent' }).click();
    await page.getByRole('cell', { name: 'u-frank' }).waitFor();
    const agents = await stack.api.as('u-governance', ['governance']).call<{ agentId: string; owner: string }[]>('policy-enforcement', 'GET', '/agents');
    expect(agents.find((a) => a.agentId === 'forecaster')).toMatchObject({ owner: 'u-frank' });
    await screenshot(page, 'agents');
  });

  it('passes paging through: the Link header names the next page under the console', async () => {
    const page = await signIn('u-carol', ['approver', 'planner']);
    const link = await page.evaluate(async () => (await fetch('/api/policy-enforcement/approvals?status=all&limit=1')).headers.get('link'));
    expect(link).toMatch(/^<\/api\/policy-enforcement\/approvals\?[^>]*after=[^>]+>; rel="next"$/);
  });

  it("a policy simulation lists the changed outcomes, and its author's activate is refused", async () => {
    const author = stack.api.as('u-gov-author', ['governance']);
    const active = await author.call<{ version: string; policies: string }>('policy-enforcement', 'GET', '/policies/active');
    // The new version automates no purchase order: the auto-approved orders above would need a person.
    const threshold = 'resource.amount.lessThanOrEqual(decimal("5000.00"))';
    expect(active.policies).toContain(threshold);
    const stored = await author.call<{ version: string }>('policy-enforcement', 'POST', '/policies', {
      policies: active.policies.replace(threshold, 'resource.amount.lessThanOrEqual(decimal("0.00"))'),
      description: 'no automatic purchase orders',
    });

    const page = await signIn('u-gov-author', ['governance']);
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('cell', { name: 'no automatic purchase orders' }).waitFor();
    await page.getByLabel('From version').selectOption(active.version);
    await page.getByLabel('To version').selectOption(stored.version);
    await page.getByRole('button', { name: 'Show diff' }).click();
    await page.locator('.diff .removed', { hasText: 'decimal("5000.00")' }).waitFor();
    await page.locator('.diff .added', { hasText: 'decimal("0.00")' }).waitFor();

    await page.getByLabel('Version to simulate or activate').selectOption(stored.version);
    await page.getByRole('button', { name: 'Simulate' }).click();
    const changed = page.locator('tr[data-action-id]');
    await changed.first().waitFor();
    const rows = await changed.allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(row).toMatch(/auto-approved.*approval-required/);
    await screenshot(page, 'policies');

    await page.getByRole('button', { name: 'Activate' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^separation-of-duties: /);
    expect((await author.call<{ version: string }>('policy-enforcement', 'GET', '/policies/active')).version).toBe(active.version);
  });

  it('axe-core finds no serious or critical violation on any page', async () => {
    const anonymous = await (await browser.newContext({ baseURL: consoleUrl })).newPage();
    await anonymous.goto('/');
    await anonymous.getByRole('button', { name: 'Sign in' }).waitFor();
    const found: Record<string, string[]> = { 'sign-in': await seriousViolations(anonymous) };
    await screenshot(anonymous, 'sign-in');

    const page = await signIn('u-everyone', ROLES);
    const pages: [string, string, string][] = [
      ['approvals', '/approvals?', 'article'],
      ['domains', '/domains', 'article[data-domain]'],
      ['lineage', `/lineage/${approvedId}`, '.react-flow__node'],
      ['scorecard', '/scorecard', 'canvas'],
      ['audit', '/audit', 'tbody tr'],
      ['agents', '/agents', 'tbody tr'],
      ['policies', '/policies', 'tbody tr'],
    ];
    for (const [name, url, ready] of pages) {
      await page.goto(url);
      await page.locator(ready).first().waitFor();
      found[name] = await seriousViolations(page);
    }
    expect(found).toEqual({ 'sign-in': [], approvals: [], domains: [], lineage: [], scorecard: [], audit: [], agents: [], policies: [] });
  });
});
