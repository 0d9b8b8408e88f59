// Metrics that Prometheus accepts: every service's /metrics (the six services and the simulated
// ERP, each as its own process) passes `promtool check metrics`, and the alert rules in
// infra/prometheus/alerts.yml pass `promtool check rules` and name only series the services serve.
// Without promtool the test fails and says how to install it: CI installs it (.ci/run).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ServiceName } from '@governor/cli';
import { GovernorStack } from '../support/governor-stack';
import { SteadyFeeds } from '../support/steady-feeds';

jest.setTimeout(240_000);

const ALERTS = path.resolve(__dirname, '../../infra/prometheus/alerts.yml');
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

/** Fails, saying how to get it, where promtool is not installed. */
function requirePromtool(): void {
  const probe = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `promtool not found (${probe.error?.message ?? `exit ${probe.status}`}): this test checks /metrics and the alert rules with it. ` +
        'Install it: on Debian or Ubuntu `apt-get update && apt-get install -y prometheus` (gives /usr/bin/promtool), ' +
        'or take it from a Prometheus release (https://prometheus.io/download/) and put it on PATH or in PROMTOOL.',
    );
  }
}

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { input, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** `name type` of each `# TYPE` line of a metrics page. */
function types(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

describe('/metrics of every service passes promtool (all services as processes)', () => {
  let stack: GovernorStack;
  let feeds: SteadyFeeds | undefined;
  const pages = new Map<ServiceName, string>();
  const page = (service: ServiceName): string => {
    const text = pages.get(service);
    if (text === undefined) throw new Error(`no /metrics page from ${service}`);
    return text;
  };

  beforeAll(async () => {
    requirePromtool();
    stack = await GovernorStack.start();
    // Records for the consumers (so their lag and record series have values) and one injected
    // ERP failure (so its fault and request series do).
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
    const erp = stack.url('simulated-erp');
    const rule = await fetch(`${erp}/_control`, { method: 'POST', body: JSON.stringify({ failNext: 1, status: 503, route: 'GET /orders' }) });
    expect(rule.status).toBe(201);
    expect((await fetch(`${erp}/orders`)).status).toBe(503);
    expect((await fetch(`${erp}/orders`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    for (const service of stack.processes.keys()) {
      const response = await fetch(`${stack.url(service)}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      pages.set(service, await response.text());
    }
  });

  afterAll(async () => {
    await feeds?.stop();
    await stack?.stop();
  });

  it('serves a page from each of the six services and the simulated ERP', () => {
    expect([...pages.keys()].sort()).toEqual(
      ['circuit-breaker', 'data-quality', 'execution-adapters', 'policy-enforcement', 'predictive-risk', 'resilience-monitor', 'simulated-erp'],
    );
  });

  it('passes `promtool check metrics` on every page, with nothing to report', () => {
    const problems = [...pages].flatMap(([service, text]) => {
      const { status, output } = promtool(['check', 'metrics'], text);
      return status === 0 && output === '' ? [] : [`${service} (exit ${status}):\n${output}`];
    });
    expect(problems).toEqual([]);
  });

  it('serves what only grows as counters: records, events published, rows pruned, duplicates dropped', () => {
    for (const service of ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'circuit-breaker'] as const) {
      const served = types(page(service));
      expect([service, served.get('governor_consumer_records_total')]).toEqual([service, 'counter']);
      expect([service, served.get('governor_outbox_published_total')]).toEqual([service, 'counter']);
      expect([service, served.get('governor_messaging_pruned_rows_total')]).toEqual([service, 'counter']);
    }
    expect(types(page('resilience-monitor')).get('governor_consumer_records_total')).toBe('counter');
    expect(types(page('data-quality')).get('governor_data_quality_duplicates_dropped_total')).toBe('counter');
  });

  it("serves each consumer's lag, each domain's mode and the ERP's requests and injected faults", () => {
    expect(page('data-quality')).toMatch(/^governor_consumer_lag_records\{topic="source\.inventory\.v1",partition="\d+",service="data-quality"\} \d+$/m);
    expect(page('circuit-breaker')).toMatch(/^governor_domain_mode\{domain="inventory",mode="(automated|manual-fallback|probation)",service="circuit-breaker"\} 1$/m);
    const erp = page('simulated-erp');
    expect(erp).toMatch(/^governor_erp_requests_total\{method="GET",route="\/orders",status="503",service="simulated-erp"\} 1$/m);
    expect(erp).toMatch(/^governor_erp_requests_total\{method="GET",route="\/orders",status="200",service="simulated-erp"\} 1$/m);
    expect(erp).toMatch(/^governor_erp_faults_injected_total\{route="\/orders",fault="failure-before",service="simulated-erp"\} 1$/m);
    expect(erp).toMatch(/^governor_nodejs_heap_size_limit_bytes\{service="simulated-erp"\} \d+$/m);
  });

  it('passes `promtool check rules` on infra/prometheus/alerts.yml, whose rules name only series the services serve', () => {
    const { status, output } = promtool(['check', 'rules', ALERTS]);
    expect([status, output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    const served = new Set([...pages.values()].flatMap((text) => [...types(text).keys()]));
    const file = parse(readFileSync(ALERTS, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = file.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).sort()).toEqual(['GovernorConsumerLagging', 'GovernorDeadLetters', 'GovernorDomainInFallback', 'GovernorHeapNearCap']);
    const unknown = rules.flatMap((r) => (r.expr.match(/governor_[a-z_]+/g) ?? []).filter((name) => !served.has(name)).map((name) => `${r.alert}: ${name}`));
    expect(unknown).toEqual([]);
  });
});
