// First import of main.ts, before Cedar's WebAssembly is loaded. Node 20's V8 (11.3) can abort in
// the deoptimizer when TurboFan has inlined a JS-to-Wasm call (V8_Fatal in
// Deoptimizer::TranslatedValueForWasmReturnKind): seen under sustained load in the benchmark, where
// a policy-enforcement process went from deciding ~50 proposals a second to nothing. Not inlining
// those calls avoids that path at no cost worth measuring (R_pol stays at ~1.1).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-turbo-inline-js-wasm-calls');
