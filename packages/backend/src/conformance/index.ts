/**
 * @ftheta/backend/conformance: one suite of forward values and gradients for every op ftheta's
 * models use, run on each backend (cpu and wasm in Node, wasm and webgl in a browser) against the
 * cpu backend and finite differences.
 */
export type { ConformanceCase, InputSpec } from './case';
export { CONFORMANCE_CASES } from './cases';
export { checkCase, type CaseResult, type CheckOptions } from './check-case';
export { mulberry32, seedOf } from './random';
