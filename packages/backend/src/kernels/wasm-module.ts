/**
 * ftheta's own WebAssembly module (wasm/gemm.c plus the fused kernels wasm/adamw.c,
 * wasm/layer-norm.c, wasm/gelu.c, wasm/sum-of-squares.c, wasm/softmax-cross-entropy.c),
 * instantiated once per wasm backend memory. It imports that memory, so its functions read and
 * write tensors in place; pointers are byte offsets into the heap.
 */
import { GEMM_WASM_PLAIN, GEMM_WASM_SHARED } from './gemm-binary.gen';
import { type WasmBackend, wasmMemoryOf } from './wasm-internals';

/** The module's exports (see the C sources for what each computes). */
export interface FthetaWasmExports {
  gemm(
    batch: number, m: number, n: number, k: number,
    a: number, aBatchStride: number, aRowStride: number, aColStride: number,
    b: number, bBatchStride: number, bRowStride: number, bColStride: number,
    c: number, cBatchStride: number, scratch: number,
  ): void;
  adamw(
    n: number, p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number,
    decay: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    bc2: number, eps: number, step: number,
  ): void;
  layer_norm_fwd(rows: number, c: number, x: number, gamma: number, beta: number, eps: number, y: number, mean: number, rstd: number, center: number): void;
  layer_norm_bwd(
    rows: number, c: number, dy: number, x: number, mean: number, rstd: number, gamma: number,
    dx: number, dgamma: number, dbeta: number, center: number,
  ): void;
  gelu_fwd(n: number, x: number, y: number, gate: number, mode: number): void;
  gelu_bwd(n: number, dy: number, x: number, gate: number, dx: number, mode: number): void;
  sum_of_squares(n: number, x: number): number;
  sparse_ce_fwd(n: number, v: number, logits: number, labels: number, nll: number, lse: number): void;
  sparse_ce_bwd(n: number, v: number, dy: number, logits: number, labels: number, lse: number, dlogits: number): void;
}

const cache = new WeakMap<WebAssembly.Memory, FthetaWasmExports>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  if (typeof atob === 'function') {
    const s = atob(base64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return Uint8Array.from((globalThis as any).Buffer.from(base64, 'base64') as Uint8Array);
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** The module bound to this backend's memory (instantiated synchronously on first use). */
export function fthetaWasmFor(backend: WasmBackend): FthetaWasmExports {
  const memory = wasmMemoryOf(backend);
  const cached = cache.get(memory);
  if (cached) return cached;
  const bytes = decode(isShared(memory) ? GEMM_WASM_SHARED : GEMM_WASM_PLAIN);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const exports = instance.exports as unknown as FthetaWasmExports;
  cache.set(memory, exports);
  return exports;
}
