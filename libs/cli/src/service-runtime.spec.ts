import { execFileSync } from 'node:child_process';
import { SERVICE_MALLOC_ENV, SERVICE_V8_FLAGS, serviceNodeOptions, serviceRuntimeEnv } from './service-runtime';

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

describe('serviceRuntimeEnv', () => {
  it('starts a service with two malloc arenas and the mmap threshold held, unless the operator set them', () => {
    expect(serviceRuntimeEnv({})).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: SERVICE_V8_FLAGS.join(' ') });
    expect(serviceRuntimeEnv({ MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-old-space-size=512' })).toEqual({
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: SERVICE_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_,
      NODE_OPTIONS: `${SERVICE_V8_FLAGS.join(' ')} --max-old-space-size=512`,
    });
  });
});
