import { execFileSync } from 'node:child_process';
import { SERVICE_V8_FLAGS, serviceNodeOptions } from './service-runtime';

describe('serviceNodeOptions', () => {
  it("puts Governor's V8 flags first, so the operator's own NODE_OPTIONS win", () => {
    expect(serviceNodeOptions(undefined)).toBe(SERVICE_V8_FLAGS.join(' '));
    expect(serviceNodeOptions(' --max-old-space-size=512 ')).toBe(`${SERVICE_V8_FLAGS.join(' ')} --max-old-space-size=512`);
  });

  it('starts a node process whose heap limit the flags set, and the last one given wins', () => {
    const limitMiB = (options: string) =>
      Number(
        execFileSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit / 1048576))'], {
          env: { ...process.env, NODE_OPTIONS: options },
          encoding: 'utf8',
        }),
      );
    const governed = limitMiB(serviceNodeOptions(undefined));
    expect(governed).toBeLessThan(256);
    expect(limitMiB(serviceNodeOptions('--max-old-space-size=1024'))).toBeGreaterThan(1024);
  });
});
