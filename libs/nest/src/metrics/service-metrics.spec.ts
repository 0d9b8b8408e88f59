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
