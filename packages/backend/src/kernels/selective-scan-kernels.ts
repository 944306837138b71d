/**
 * `FthetaSelectiveScan` (forward) and `FthetaSelectiveScanGrad` (backward) on wasm
 * (wasm/selective-scan.c, SIMD over the channels) and cpu (TypeScript, the same algorithm).
 *
 * Forward: inputs x [B,T,D], delta [B,T,D], A [D,N], B [B,T,N], C [B,T,N], D [D], initialState
 * [B,D,N] (all present: the op passes zeros for an absent D or initial state); attr `chunk` (K);
 * outputs [y [B,T,D], state [B,D,N], checkpoints [B,⌈T/K⌉,N,Dp]]: the state before every K-th
 * step, transposed and padded to Dp = D rounded up to 4, kept for the backward pass.
 * Backward: inputs dy [B,T,D], dstate [B,D,N], x, delta, A, B, C, D, checkpoints; outputs
 * [dx, ddelta, dA, dB, dC, dD, dInitialState]. It recomputes each chunk's states from its
 * checkpoint (K·N·Dp floats of scratch per chunk), so the memory kept between forward and
 * backward is O(B·N·D·T/K), not O(B·N·D·T). Every dimension is >= 1 (the op checks).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { asCpuBackend, cpuValues } from './cpu-internals';
import { asWasmBackend, offsetOf, type WasmBackend } from './wasm-internals';
import { fthetaWasmFor } from './wasm-module';

/** Kernel names of the fused selective scan. */
export const SELECTIVE_SCAN_KERNEL = 'FthetaSelectiveScan';
export const SELECTIVE_SCAN_GRAD_KERNEL = 'FthetaSelectiveScanGrad';

/** Steps between saved states (the backward pass recomputes at most this many). */
export const SELECTIVE_SCAN_CHUNK = 16;

/** Attributes of both kernels. */
export interface SelectiveScanKernelAttrs {
  /** Steps between checkpoints, K >= 1. */
  chunk: number;
}

/** The exports of wasm/selective-scan.c (pointers are byte offsets into the backend's heap). */
interface SelectiveScanWasm {
  selective_scan_fwd_scratch(d: number, n: number): number;
  selective_scan_fwd(
    b: number, t: number, d: number, n: number, k: number,
    x: number, delta: number, a: number, bm: number, cm: number, dv: number, h0: number,
    y: number, state: number, ckpt: number, scratch: number,
  ): void;
  selective_scan_bwd_scratch(d: number, n: number, k: number): number;
  selective_scan_bwd(
    b: number, t: number, d: number, n: number, k: number,
    dy: number, dstate: number, x: number, delta: number, a: number, bm: number, cm: number, dv: number, ckpt: number,
    dx: number, ddelta: number, da: number, db: number, dc: number, ddv: number, dh0: number, scratch: number,
  ): void;
}

interface FwdInputs {
  x: tf.TensorInfo;
  delta: tf.TensorInfo;
  A: tf.TensorInfo;
  B: tf.TensorInfo;
  C: tf.TensorInfo;
  D: tf.TensorInfo;
  initialState: tf.TensorInfo;
}

interface BwdInputs extends Omit<FwdInputs, 'initialState'> {
  dy: tf.TensorInfo;
  dstate: tf.TensorInfo;
  checkpoints: tf.TensorInfo;
}

interface Dims {
  b: number;
  t: number;
  d: number;
  n: number;
  k: number;
  dp: number;
  nc: number;
}

function dims(x: tf.TensorInfo, a: tf.TensorInfo, attrs: unknown): Dims {
  const [b, t, d] = x.shape;
  const n = a.shape[1];
  const k = (attrs as SelectiveScanKernelAttrs).chunk;
  return { b, t, d, n, k, dp: (d + 3) & ~3, nc: Math.ceil(t / k) };
}

/** Runs `body` with `floats` float32s of 16-byte aligned scratch in the wasm heap. */
function withScratch(wasm: WasmBackend, floats: number, body: (ptr: number) => void): void {
  const raw = wasm.wasm._malloc(floats * 4 + 16);
  if (!raw) throw new Error('@ftheta/backend: could not allocate selective-scan scratch memory in the wasm heap');
  try {
    body((raw + 15) & ~15);
  } finally {
    wasm.wasm._free(raw);
  }
}

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const s = inputs as unknown as FwdInputs;
  const { b, t, d, n, k, dp, nc } = dims(s.x, s.A, attrs);
  const y = wasm.makeOutput([b, t, d], 'float32');
  const state = wasm.makeOutput([b, d, n], 'float32');
  const ckpt = wasm.makeOutput([b, nc, n, dp], 'float32');
  const mod = fthetaWasmFor(wasm) as unknown as SelectiveScanWasm;
  withScratch(wasm, mod.selective_scan_fwd_scratch(d, n), (scratch) => {
    const o = (x: tf.TensorInfo) => offsetOf(wasm, x);
    mod.selective_scan_fwd(b, t, d, n, k, o(s.x), o(s.delta), o(s.A), o(s.B), o(s.C), o(s.D), o(s.initialState), o(y), o(state), o(ckpt), scratch);
  });
  return [y, state, ckpt];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const s = inputs as unknown as BwdInputs;
  const { b, t, d, n, k } = dims(s.x, s.A, attrs);
  const outs = [[b, t, d], [b, t, d], [d, n], [b, t, n], [b, t, n], [d], [b, d, n]].map((shape) => wasm.makeOutput(shape, 'float32'));
  const mod = fthetaWasmFor(wasm) as unknown as SelectiveScanWasm;
  withScratch(wasm, mod.selective_scan_bwd_scratch(d, n, k), (scratch) => {
    const o = (x: tf.TensorInfo) => offsetOf(wasm, x);
    const [dx, ddelta, dA, dB, dC, dD, dh0] = outs.map(o);
    mod.selective_scan_bwd(
      b, t, d, n, k, o(s.dy), o(s.dstate), o(s.x), o(s.delta), o(s.A), o(s.B), o(s.C), o(s.D), o(s.checkpoints),
      dx, ddelta, dA, dB, dC, dD, dh0, scratch,
    );
  });
  return outs;
};

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const s = inputs as unknown as FwdInputs;
  const { b, t, d, n, k, dp, nc } = dims(s.x, s.A, attrs);
  const [x, delta, a, bm, cm, dv, h0] = [s.x, s.delta, s.A, s.B, s.C, s.D, s.initialState].map((i) => cpuValues(cpu, i));
  const y = new Float32Array(b * t * d);
  const state = new Float32Array(b * d * n);
  const ckpt = new Float32Array(b * nc * n * dp);
  const h = new Float32Array(n * d);
  for (let bi = 0; bi < b; bi++) {
    for (let di = 0; di < d; di++) for (let ni = 0; ni < n; ni++) h[ni * d + di] = h0[(bi * d + di) * n + ni];
    for (let ti = 0; ti < t; ti++) {
      if (ti % k === 0) {
        const base = (bi * nc + ti / k) * n * dp;
        for (let ni = 0; ni < n; ni++) for (let di = 0; di < d; di++) ckpt[base + ni * dp + di] = h[ni * d + di];
      }
      const row = (bi * t + ti) * d;
      const bo = (bi * t + ti) * n;
      for (let di = 0; di < d; di++) {
        const dl = delta[row + di];
        const u = dl * x[row + di];
        let acc = dv[di] * x[row + di];
        for (let ni = 0; ni < n; ni++) {
          const i = ni * d + di;
          const hv = Math.fround(Math.exp(dl * a[di * n + ni]) * h[i] + u * bm[bo + ni]);
          h[i] = hv;
          acc += hv * cm[bo + ni];
        }
        y[row + di] = acc;
      }
    }
    for (let di = 0; di < d; di++) for (let ni = 0; ni < n; ni++) state[(bi * d + di) * n + ni] = h[ni * d + di];
  }
  return [cpu.makeTensorInfo([b, t, d], 'float32', y), cpu.makeTensorInfo([b, d, n], 'float32', state), cpu.makeTensorInfo([b, nc, n, dp], 'float32', ckpt)];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = asCpuBackend(backend);
  const s = inputs as unknown as BwdInputs;
  const { b, t, d, n, k, dp, nc } = dims(s.x, s.A, attrs);
  const [dy, dstate, x, delta, a, bm, cm, dv, ckpt] = [s.dy, s.dstate, s.x, s.delta, s.A, s.B, s.C, s.D, s.checkpoints].map((i) => cpuValues(cpu, i));
  const dx = new Float32Array(b * t * d);
  const ddelta = new Float32Array(b * t * d);
  const dA = new Float64Array(d * n);
  const dB = new Float32Array(b * t * n);
  const dC = new Float32Array(b * t * n);
  const dD = new Float64Array(d);
  const dh0 = new Float32Array(b * d * n);
  const g = new Float64Array(n * d);
  const hs = new Float32Array((k + 1) * n * d); // hs[j] = h_{t0+j}, [N, D] each
  const dec = new Float64Array(k * n * d); // exp(Δ_{t0+j}·A)
  const sz = n * d;
  for (let bi = 0; bi < b; bi++) {
    for (let di = 0; di < d; di++) for (let ni = 0; ni < n; ni++) g[ni * d + di] = dstate[(bi * d + di) * n + ni];
    for (let c = nc - 1; c >= 0; c--) {
      const t0 = c * k;
      const len = Math.min(k, t - t0);
      const base = (bi * nc + c) * n * dp;
      for (let ni = 0; ni < n; ni++) for (let di = 0; di < d; di++) hs[ni * d + di] = ckpt[base + ni * dp + di];
      for (let j = 0; j < len; j++) {
        const row = (bi * t + t0 + j) * d;
        const bo = (bi * t + t0 + j) * n;
        for (let di = 0; di < d; di++) {
          const dl = delta[row + di];
          const u = dl * x[row + di];
          for (let ni = 0; ni < n; ni++) {
            const i = ni * d + di;
            const e = Math.exp(dl * a[di * n + ni]);
            dec[j * sz + i] = e;
            hs[(j + 1) * sz + i] = e * hs[j * sz + i] + u * bm[bo + ni];
          }
        }
      }
      for (let j = len - 1; j >= 0; j--) {
        const row = (bi * t + t0 + j) * d;
        const bo = (bi * t + t0 + j) * n;
        for (let ni = 0; ni < n; ni++) {
          let sc = 0;
          let sb = 0;
          for (let di = 0; di < d; di++) {
            const i = ni * d + di;
            const gy = dy[row + di];
            const gv = g[i] + gy * cm[bo + ni];
            sc += gy * hs[(j + 1) * sz + i];
            sb += gv * delta[row + di] * x[row + di];
            g[i] = gv;
          }
          dC[bo + ni] = sc;
          dB[bo + ni] = sb;
        }
        for (let di = 0; di < d; di++) {
          const dl = delta[row + di];
          const gy = dy[row + di];
          let accE = 0;
          let accU = 0;
          for (let ni = 0; ni < n; ni++) {
            const i = ni * d + di;
            const e = g[i] * hs[j * sz + i] * dec[j * sz + i];
            accE += e * a[di * n + ni];
            dA[di * n + ni] += e * dl;
            accU += g[i] * bm[bo + ni];
            g[i] *= dec[j * sz + i];
          }
          ddelta[row + di] = accE + accU * x[row + di];
          dx[row + di] = accU * dl + gy * dv[di];
          dD[di] += gy * x[row + di];
        }
      }
    }
    for (let di = 0; di < d; di++) for (let ni = 0; ni < n; ni++) dh0[(bi * d + di) * n + ni] = g[ni * d + di];
  }
  const out = (shape: number[], v: Float32Array | Float64Array) => cpu.makeTensorInfo(shape, 'float32', v instanceof Float32Array ? v : Float32Array.from(v));
  return [out([b, t, d], dx), out([b, t, d], ddelta), out([d, n], dA), out([b, t, n], dB), out([b, t, n], dC), out([d], dD), out([b, d, n], dh0)];
};

/** Both kernels on wasm and cpu. */
export const selectiveScanKernelConfigs: tf.KernelConfig[] = [
  { kernelName: SELECTIVE_SCAN_KERNEL, backendName: 'wasm', kernelFunc: wasmForward },
  { kernelName: SELECTIVE_SCAN_GRAD_KERNEL, backendName: 'wasm', kernelFunc: wasmBackward },
  { kernelName: SELECTIVE_SCAN_KERNEL, backendName: 'cpu', kernelFunc: cpuForward },
  { kernelName: SELECTIVE_SCAN_GRAD_KERNEL, backendName: 'cpu', kernelFunc: cpuBackward },
];
