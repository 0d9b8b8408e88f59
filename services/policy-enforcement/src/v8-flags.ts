// First import of main.ts, before Cedar's WebAssembly is loaded.
// - Node 20's V8 (11.3) can abort in the deoptimizer when TurboFan has inlined a JS-to-Wasm call
//   (V8_Fatal in Deoptimizer::TranslatedValueForWasmReturnKind): seen under sustained load in the
//   benchmark, where a policy-enforcement process went from deciding ~50 proposals a second to
//   nothing. Not inlining those calls avoids that path at no cost worth measuring (R_pol ~1.1).
// - V8 compiles Cedar's hot WebAssembly functions with TurboFan on background threads, each
//   holding its compilation's memory at once: one thread keeps the peak RSS of a process deciding
//   20,000 proposals in a loop about 35 MiB lower (149-161 -> 118-120 MiB), at the same speed per
//   decision once warm. In the benchmark's pipeline the service's peak moved less (193-208 -> 191-192
//   MiB): most of its RSS there is the compiled code itself (test/bench/README.md).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-turbo-inline-js-wasm-calls');
setFlagsFromString('--wasm-num-compilation-tasks=1');
