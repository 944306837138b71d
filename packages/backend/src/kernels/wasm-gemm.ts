/**
 * Loads ftheta's SIMD GEMM (wasm/gemm.c) into the wasm backend's own memory and calls it.
 * One instance per backend memory; the scratch block (packed panels) is allocated with the
 * backend's malloc once and kept.
 */
import { fthetaWasmFor } from './wasm-module';
import { type WasmBackend, wasmMemoryOf } from './wasm-internals';

/** Must match MR, NR, KC, MC, NC in wasm/gemm.c. */
const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;
const NC = 1024;
const SCRATCH_BYTES = (MC * KC + KC * NC + MR * NR) * 4 + 16;

export interface Gemm {
  /** C (+)= op(A) op(B); pointers are byte offsets into the backend heap, strides are in floats. */
  run(
    batch: number, m: number, n: number, k: number,
    a: number, aStrides: readonly [number, number, number],
    b: number, bStrides: readonly [number, number, number],
    c: number, cBatchStride: number,
  ): void;
}

const cache = new WeakMap<WebAssembly.Memory, Gemm>();

/** The GEMM bound to this backend's memory (instantiated synchronously on first use). */
export function gemmFor(backend: WasmBackend): Gemm {
  const memory = wasmMemoryOf(backend);
  const cached = cache.get(memory);
  if (cached) return cached;
  const { gemm } = fthetaWasmFor(backend);
  const raw = backend.wasm._malloc(SCRATCH_BYTES);
  if (!raw) throw new Error('@ftheta/backend: could not allocate GEMM scratch memory in the wasm heap');
  const scratch = (raw + 15) & ~15;
  const bound: Gemm = {
    run(batch, m, n, k, a, as, b, bs, c, cbs) {
      gemm(batch, m, n, k, a, as[0], as[1], as[2], b, bs[0], bs[1], bs[2], c, cbs, scratch);
    },
  };
  cache.set(memory, bound);
  return bound;
}
