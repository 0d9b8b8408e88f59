import { Registry } from 'prom-client';
import { mirroredCounter, registerProcessMetrics } from './process-metrics';

/** `name type` of each `# TYPE` line. */
function types(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

describe('registerProcessMetrics', () => {
  it('serves no series ending in _total that is not a counter, which promtool refuses', async () => {
    const registry = new Registry();
    registerProcessMetrics(registry, 'spec');
    const served = types(await registry.metrics());
    expect(served.get('governor_nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(served.get('governor_nodejs_heap_size_limit_bytes')).toBe('gauge');
    expect(served.get('governor_nodejs_active_handles')).toBe('gauge');
    const wrong = [...served].filter(([name, type]) => name.endsWith('_total') && type !== 'counter');
    expect(wrong).toEqual([]);
  });
});

describe('mirroredCounter', () => {
  it('adds what the figure grew by at each scrape, and all of it after the figure started again', async () => {
    const registry = new Registry();
    let published = 0;
    let pruned = { outbox: 2, inbox: 0 };
    mirroredCounter(registry, 'spec_published_total', 'h', [], (observe) => observe(published));
    mirroredCounter(registry, 'spec_pruned_total', 'h', ['table'], (observe) => {
      observe(pruned.outbox, { table: 'outbox' });
      observe(pruned.inbox, { table: 'inbox' });
    });
    const value = async (series: string) => {
      const match = new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(await registry.metrics());
      return match ? Number(match[1]) : undefined;
    };
    expect(await value('spec_published_total')).toBe(0);
    expect(await value('spec_pruned_total{table="inbox"}')).toBe(0);
    published = 5;
    expect(await value('spec_published_total')).toBe(5);
    published = 7;
    pruned = { outbox: 4, inbox: 1 };
    expect(await value('spec_published_total')).toBe(7);
    expect(await value('spec_pruned_total{table="outbox"}')).toBe(4);
    // Its owner started again and has counted 3 since: the counter never goes down.
    published = 3;
    expect(await value('spec_published_total')).toBe(10);
    expect(types(await registry.metrics()).get('spec_published_total')).toBe('counter');
  });
});
