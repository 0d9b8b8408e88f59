import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_ACTIVE_METRIC, ServiceMetrics } from './service-metrics';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the loop runs this callback and nothing else
  }
}

describe('ServiceMetrics', () => {
  it("counts the event loop's busy time, whose rate is its utilisation", async () => {
    const metrics = new ServiceMetrics('metrics-spec');
    const active = async () => {
      const text = await metrics.registry.metrics();
      const match = new RegExp(
        `^${EVENT_LOOP_ACTIVE_METRIC}\\{service="metrics-spec"\\} ([0-9.eE+-]+)$`,
        'm',
      ).exec(text);
      if (!match) throw new Error(`${EVENT_LOOP_ACTIVE_METRIC} is not in:\n${text}`);
      return Number(match[1]);
    };
    const start = await active();
    busy(300);
    const afterBusy = await active();
    expect(afterBusy - start).toBeGreaterThanOrEqual(0.29);
    await sleep(400);
    const afterIdle = await active();
    expect(afterIdle - afterBusy).toBeLessThan(0.2);
    expect(afterIdle).toBeGreaterThanOrEqual(afterBusy);
  });
});

describe('ServiceMetrics figures', () => {
  it('refuses a gauge named like a counter', () => {
    const metrics = new ServiceMetrics('metrics-spec');
    expect(() => metrics.gauge('records_total', 'h')).toThrow(/governor_records_total.*counter/);
  });

  it("serves a consumer's records by outcome as a counter and its lag per partition as a gauge", async () => {
    const metrics = new ServiceMetrics('metrics-spec');
    const stats = { handled: 4, duplicates: 1, deadLettered: 2, retries: 0, commits: 9 };
    const lag = new Map([['source.inventory.v1:1', { topic: 'source.inventory.v1', partition: 1, records: 12 }]]);
    metrics.consumer(() => ({ stats, lag }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE governor_consumer_records_total counter');
    expect(text).toMatch(/^governor_consumer_records_total\{outcome="dead-lettered",service="metrics-spec"\} 2$/m);
    expect(text).toContain('# TYPE governor_consumer_lag_records gauge');
    expect(text).toMatch(/^governor_consumer_lag_records\{topic="source.inventory.v1",partition="1",service="metrics-spec"\} 12$/m);
  });
});
