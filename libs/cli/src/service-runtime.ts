// How a service process is started, for every launcher (`npm start`'s infra/stack/stack.mjs, the
// test and bench stacks). Node sizes V8's heap for the machine, not for the service: on a 24 GiB
// machine the young generation's semi-spaces reach 16 MiB and the old generation is let grow far
// past what a service keeps alive (40-50 MiB under a burst), so a busy service sat at 250-300 MiB
// of RSS, mostly garbage not yet collected. These flags keep it near its live set at a few percent
// more GC work (docs/benchmarks.md, peak RSS per service).
export const SERVICE_V8_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=128'] as const;

/** NODE_OPTIONS for a service: Governor's flags first, so that the operator's own (given) win. */
export function serviceNodeOptions(operator: string | undefined): string {
  return [...SERVICE_V8_FLAGS, operator?.trim() ?? ''].join(' ').trim();
}
