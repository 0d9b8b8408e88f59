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

// glibc's malloc, as a service uses it: V8's compilers take large blocks for a while and free
// them, and glibc keeps what was freed. It gives each thread that allocates an arena of its own
// (up to eight per core), and after a large block is freed it raises the size from which blocks
// are mapped on their own to that block's, so later large blocks come from an arena too and stay
// there. Two arenas and the threshold held at its initial 128 KiB keep policy-enforcement, whose
// compiler work on Cedar's WebAssembly is the most, about 20 MiB lower under load at no CPU cost
// that could be measured (test/bench/README.md); the other services move a few MiB.
export const SERVICE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/**
 * The variables a service process is started with, given the environment it would inherit: the
 * V8 flags and malloc settings above, each overridden by the operator's own.
 */
export function serviceRuntimeEnv(given: Record<string, string | undefined>): Record<string, string> {
  return {
    MALLOC_ARENA_MAX: given.MALLOC_ARENA_MAX ?? SERVICE_MALLOC_ENV.MALLOC_ARENA_MAX,
    MALLOC_MMAP_THRESHOLD_: given.MALLOC_MMAP_THRESHOLD_ ?? SERVICE_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_,
    NODE_OPTIONS: serviceNodeOptions(given.NODE_OPTIONS),
  };
}
