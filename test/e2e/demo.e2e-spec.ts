// The main job: `npm run demo -- --size small` on its own stack (fresh database, topic namespace,
// ports and run folder) finishes, exits 0, and tells the whole day: the scorecard with every figure
// (approval latency numeric, since people work the queue), an override, a rejection, a
// separation-of-duties refusal, a compensation of the stock transfer the ERP's outage left half-done,
// a policy activation and demand sensing's refit promoted after validation (in the output, the audit
// log's model.promoted entry and the report), automation of at least 60%
// outside fallback, and a report to keep whose every chart has data, with the evidence pack beside
// it; headless Chromium takes a screenshot of the report (docs/demo/report.png is rewritten with
// GOVERNOR_UPDATE_SCREENSHOTS=1). And beside a stack that is already running, it starts a stack
// of its own whose short windows let the WMS outage trip the inventory domain, and stops it and
// drops its database at the end.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_PORTS } from '@governor/cli';
import { createKafka } from '@governor/messaging';
import { checkEvidencePack, type EvidencePack } from '@governor/signing';
import { launchChromium } from '../console/support/browser';
import { screenshotDir } from '../support/screenshots';
import { createTopicNamespace, freePortBlock, NodeProcess, testDatabaseUrl, testKafkaBrokers, uniqueName } from '@governor/testing';

jest.setTimeout(300_000);

const DEMO = path.resolve(__dirname, '../../dist/libs/cli/src/demo/demo.js');
const SCREENSHOT = path.join(screenshotDir('demo'), 'report.png');

describe('npm run demo -- --size small', () => {
  const database = uniqueName('governor_demo_test').replace(/-/g, '_');
  let reportFile: string | undefined;

  afterAll(async () => {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await pg.end();
  });

  it('plays a small day with its people, prints the scorecard, what people did and the mode changes, writes the report, and exits 0', async () => {
    const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'demo-smoke' }).admin();
    await admin.connect();
    const namespace = await createTopicNamespace(admin, 'demo');
    await admin.disconnect();
    const server = new URL(testDatabaseUrl());
    const pg = new Client({ connectionString: server.toString() });
    await pg.connect();
    await pg.query(`CREATE DATABASE "${database}"`);
    await pg.end();
    server.pathname = `/${database}`;
    const base = freePortBlock(Object.keys(DEFAULT_PORTS).length);
    const ports = Object.fromEntries(
      Object.keys(DEFAULT_PORTS).map((s, i) => [`PORT_${s.toUpperCase().replace(/-/g, '_')}`, String(base + i)]),
    );
    const demo = new NodeProcess(
      DEMO,
      {
        ...ports,
        GOVERNOR_TOPIC_NAMESPACE: namespace,
        GOVERNOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'governor-demo-')),
        DATABASE_URL: server.toString(),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
      },
      ['--size', 'small', '--duration', '60', '--seed', '7'],
    );
    const exit = await demo.exited;
    expect({ code: exit.code, output: exit.code === 0 ? '' : demo.output }).toEqual({ code: 0, output: '' });
    expect(demo.output).toMatch(/== Governance scorecard \(GET \/scorecard\?window=\d+m\)/);
    expect(demo.output).toMatch(/\n\s+overall\s+\d+/);
    expect(demo.output).toContain('== Mode changes');
    expect(demo.output).toMatch(/actions waiting for people now: \d+/);
    expect(demo.output).toMatch(/audit chain: .*ok=true/);
    // Its output is a pipe, not a terminal: progress comes as plain lines, nothing rewritten in place.
    expect(demo.output).toMatch(/^\[[a-z-]+\] published \d+\/\d+ \| decisions: /m);
    expect(demo.output).not.toContain('\r');
    expect(demo.output).not.toContain('\x1b');

    // People: an override (with its clear), rejections, separation-of-duties refusals, a compensation, an activation.
    const acts = Object.fromEntries([...(/== What people did\n\s+(.*)\n/.exec(demo.output)?.[1] ?? '').matchAll(/([a-z-]+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    for (const kind of ['approve', 'reject', 'separation-of-duties', 'override', 'clear-override', 'compensate', 'policy-activated']) {
      expect({ kind, count: acts[kind] ?? 0 }).toEqual({ kind, count: expect.any(Number) });
      expect({ kind, atLeastOne: (acts[kind] ?? 0) >= 1 }).toEqual({ kind, atLeastOne: true });
    }
    expect(demo.output).toMatch(/^\s+\S+\s+inventory: \S+ -> manual-fallback\s+\(operator:u-frank\)/m);
    // The ERP's outage left the replenisher's transfer half-done (issued, neither received nor
    // reversed), and the operator compensated it through execution-adapters once the ERP posted again.
    expect(demo.output).toMatch(/^\s+\S+\s+u-frank: compensate\s+inventory\.transfer-stock left half-done by the ERP's outage \(transfer TR-\d+: receiving transfer TR-\d+ failed/m);
    const automation = Number(/automation outside fallback: (\d+)%/.exec(demo.output)?.[1]);
    expect(automation).toBeGreaterThanOrEqual(60);
    // The overall row of the printed scorecard: approval latency p50/p95 are numbers.
    const overall = /^\s+overall\s+(.*)$/m.exec(demo.output)?.[1].trim().split(/\s+/) ?? [];
    expect(overall.find((cell) => cell.includes('/') && !cell.includes('%'))).toMatch(/^\d+\/\d+$/);

    reportFile = /report:\s+(\S+)/.exec(demo.output)?.[1];
    const packFile = /evidence pack:\s+(\S+)/.exec(demo.output)?.[1];
    expect({ report: reportFile && existsSync(reportFile), pack: packFile && existsSync(packFile) }).toEqual({ report: true, pack: true });
    const pack = JSON.parse(readFileSync(packFile as string, 'utf8')) as EvidencePack;
    expect(await checkEvidencePack(pack)).toMatchObject({ ok: true });
    // The competitor's promotion week made demand sensing drift; its refit was validated (backtest
    // and shadow) and promoted over the champion: by the governance officer, or by policy before she
    // looked. The audit log's model.promoted entry names the refit version the output names.
    const promoted = /^\s+\S+\s+u-grace: model-(promoted|reviewed)\s+demand-sensing (\S+) \(refit on drift, PSI [\d.]+\) against champion (\S+): backtest WAPE [\d.]+ against [\d.]+ .*; (shadow since |no shadow comparison)/m.exec(demo.output);
    expect(promoted?.[2]).toEqual(expect.any(String));
    const entry = pack.entries.find((e) => e.kind === 'model.promoted' && e.payload.version === promoted?.[2]);
    expect(entry?.payload).toMatchObject({ modelId: 'demand-sensing', version: promoted?.[2], replaced: promoted?.[3] });
    const html = readFileSync(reportFile as string, 'utf8');
    expect(html).toContain(`model promotion</td><td>u-grace ${promoted?.[1]} demand-sensing ${promoted?.[2]}`);
    // Self-contained: no script, style or image is fetched (the page's CSP forbids it too).
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    // Every figure of GET /scorecard is in the report, approval latency a number.
    const scorecard = JSON.parse(/<script type="application\/json" id="scorecard">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null') as {
      overall: Record<string, unknown> & { approvalLatencySeconds: { p50: unknown; p95: unknown } };
    };
    expect(Object.keys(scorecard.overall).length).toBeGreaterThanOrEqual(10);
    for (const [figure, value] of Object.entries(scorecard.overall)) expect({ figure, present: value !== null }).toEqual({ figure, present: true });
    // And the printed overall row has a value in every column.
    expect(overall.length).toBe((/^\s+events in\s+(.*)$/m.exec(demo.output)?.[0].trim().split(/\s{2,}/) ?? []).length);
    expect(overall).not.toContain('-');
    expect(scorecard.overall.approvalLatencySeconds).toEqual(expect.objectContaining({ p50: expect.any(Number), p95: expect.any(Number) }));
    // Forecast accuracy has pairs: the day's own demand, recorded late in the day, meets the forecasts its proposals carried.
    // (The replenishment proposals that carry the forecasts are stockout-risk's.)
    expect(demo.output).toMatch(/forecast accuracy \(WAPE\): [a-z-]+ \S+ \d+\.\d+ \(\d+ pairs\)/);
    // The business outcomes the seed names, overall: each printed, none of them '-'.
    const outcomes = ['fill rate', 'order cycle time', 'exception resolution', 'user adoption', 'policy violations', 'access violations', 'fallback reliability'].map((name) => ({
      name,
      value: new RegExp(`^\\s+${name}:\\s+(.*)$`, 'm').exec(demo.output)?.[1] ?? 'missing',
    }));
    for (const { name, value } of outcomes) expect({ name, dash: /(^|\s)-(\s|$)|missing/.test(value) }).toEqual({ name, dash: false });
    const accuracy = (scorecard.overall as { forecastAccuracy?: { pairs: number; wape: number | null }[] }).forecastAccuracy ?? [];
    expect(accuracy.length).toBeGreaterThan(0);
    for (const a of accuracy) expect(a).toEqual(expect.objectContaining({ pairs: expect.any(Number), wape: expect.any(Number) }));
    // Every chart has data: each inlined configuration has datasets, and a point that is not zero (a mode is a name).
    const charts = [...html.matchAll(/<script type="application\/json" class="chart-data" data-chart="([^"]+)">([^<]*)<\/script>/g)].map((m) => ({
      chart: m[1],
      config: JSON.parse(m[2]) as { data: { datasets: { label: string; data: (number | { y: number | string })[] }[] } },
    }));
    expect(charts.map((c) => c.chart)).toEqual(expect.arrayContaining(['modes', 'latencies', 'mix', 'decisions-procurement']));
    for (const { chart, config } of charts) {
      const values = config.data.datasets.flatMap((d) => d.data.map((v) => (typeof v === 'number' ? v : v.y)));
      expect({ chart, datasets: config.data.datasets.length > 0, data: values.some((v) => v !== 0 && v !== null) }).toEqual({ chart, datasets: true, data: true });
    }
    expect((html.match(/<h3>(Automatic|Approved by people|Rejected by a person|Rejected by policy): /g) ?? []).length).toBe(3);
  });

  it('shows the report in headless Chromium, every chart drawn, and saves the screenshot the README shows', async () => {
    expect(reportFile).toBeDefined();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(`file://${reportFile}`);
      // Evaluated in the page (a string: this project's types have no DOM): whether chart.js drew on each canvas.
      const drawn = (await page.evaluate("[...document.querySelectorAll('canvas')].map((c) => Boolean(window.Chart.getChart(c)))")) as boolean[];
      expect(drawn.length).toBeGreaterThanOrEqual(4);
      expect(drawn.every(Boolean)).toBe(true);
      expect(requests).toEqual([]);
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  describe('beside a stack that is already running', () => {
    // Stands in for a running stack: all the demo asks of one is whether it answers /health/ready.
    let running: Server;
    let namespace: string | undefined;

    beforeAll(async () => {
      running = createServer((_, response) => response.end('{"status":"ok"}'));
      await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => running.close(resolve));
      if (!namespace) return;
      const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'demo-smoke' }).admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(namespace as string));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    });

    it('starts its own stack with the short windows, so the WMS outage trips inventory, and stops it after', async () => {
      const demo = new NodeProcess(
        DEMO,
        {
          PORT_DATA_QUALITY: String((running.address() as AddressInfo).port),
          GOVERNOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'governor-demo-')),
          KAFKA_BROKERS: testKafkaBrokers().join(','),
        },
        ['--size', 'small', '--duration', '60', '--seed', '7'],
      );
      const exit = await demo.exited;
      namespace = /topics (demo-[a-z0-9]+\.)\*/.exec(demo.output)?.[1];
      expect({ code: exit.code, output: exit.code === 0 ? '' : demo.output }).toEqual({ code: 0, output: '' });
      expect(demo.output).toContain('A Governor stack is already running');
      expect(demo.output).toMatch(/WMS outage shows within about \d+s/);
      // The breaker's own doing (its trip, or its probation once the operator's override is cleared),
      // not only the operator's override.
      expect(demo.output).toMatch(/^\s+\S+\s+inventory: \S+ -> \S+\s+\(breaker\)/m);

      const ownPorts = /ports (\d+(?:,\d+)*)/.exec(demo.output)?.[1].split(',') ?? [];
      expect(ownPorts).toHaveLength(Object.keys(DEFAULT_PORTS).length);
      const answering = await Promise.all(
        ownPorts.map((port) =>
          fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) }).then(
            () => port,
            () => undefined,
          ),
        ),
      );
      expect(answering.filter(Boolean)).toEqual([]);
      const ownDatabase = /database (governor_demo_[a-z0-9_]+)/.exec(demo.output)?.[1];
      const pg = new Client({ connectionString: testDatabaseUrl() });
      await pg.connect();
      const left = await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [ownDatabase]);
      await pg.end();
      expect({ ownDatabase, left: left.rowCount }).toEqual({ ownDatabase: expect.any(String), left: 0 });
    });
  });
});
