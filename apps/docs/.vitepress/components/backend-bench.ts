/**
 * The live part of guide/backend.md: start a backend with @ftheta/backend and time matMul on it.
 * Browser only. BackendDemo.vue imports this module dynamically from onMounted, so VitePress's
 * server-side render never loads tfjs.
 */
import { type BackendInfo, initBackend, setKernelFixes } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { WASM_PATHS } from './wasm-paths';

export type Choice = 'auto' | 'wasm' | 'webgl' | 'cpu';

interface MatMulCase {
  label: string;
  a: number[];
  b: number[];
  transposeB: boolean;
}

/** Square matmuls, then the batched, transposed shape attention uses (Q·Kᵀ for 8 heads). */
const CASES: MatMulCase[] = [
  { label: '256×256 · 256×256', a: [256, 256], b: [256, 256], transposeB: false },
  { label: '512×512 · 512×512', a: [512, 512], b: [512, 512], transposeB: false },
  { label: '8×256×64 · (8×256×64)ᵀ (attention Q·Kᵀ)', a: [8, 256, 64], b: [8, 256, 64], transposeB: true },
];

export interface Timing {
  /** Median of the timed repetitions, milliseconds (matMul plus reading the result back). */
  ms: number;
  gflops: number;
  reps: number;
}

export interface MatMulRow {
  label: string;
  flops: number;
  /** With the kernels initBackend installed (ftheta's GEMM on wasm). */
  timing: Timing;
  /** wasm only: the same product on stock tfjs kernels, for comparison. */
  stock: Timing | null;
  /** Largest |difference| to a plain JavaScript dot product, over sampled output entries. */
  maxError: number;
}

export interface DemoResult {
  choice: Choice;
  info: BackendInfo;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  rows: MatMulRow[];
}

function flopsOf(c: MatMulCase): number {
  const batch = c.a.length === 3 ? c.a[0] : 1;
  const [m, k] = c.a.slice(-2);
  const n = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
  return 2 * batch * m * n * k;
}

/** Compares sampled entries of C = A·op(B) with a JavaScript dot product. */
function maxSampledError(c: MatMulCase, a: Float32Array, b: Float32Array, out: Float32Array): number {
  const batch = c.a.length === 3 ? c.a[0] : 1;
  const [m, k] = c.a.slice(-2);
  const n = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
  let worst = 0;
  for (let s = 0; s < 64; s++) {
    // A fixed stride walk over (batch, row, col): deterministic and spread out.
    const bi = (s * 7) % batch;
    const i = (s * 37) % m;
    const j = (s * 101) % n;
    let ref = 0;
    for (let p = 0; p < k; p++) {
      const av = a[bi * m * k + i * k + p];
      const bv = c.transposeB ? b[bi * n * k + j * k + p] : b[bi * k * n + p * n + j];
      ref += av * bv;
    }
    worst = Math.max(worst, Math.abs(out[bi * m * n + i * n + j] - ref));
  }
  return worst;
}

async function timeMatMul(c: MatMulCase, a: tf.Tensor, b: tf.Tensor): Promise<Timing> {
  const once = async () => {
    const out = tf.matMul(a, b, false, c.transposeB);
    try {
      await out.data();
    } finally {
      out.dispose();
    }
  };
  await once(); // warm-up: compiles shaders (webgl), packs and allocates (wasm)
  await once();
  const times: number[] = [];
  const budgetMs = 1500;
  const started = performance.now();
  while (times.length < 7 && (times.length < 3 || performance.now() - started < budgetMs)) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const ms = times[Math.floor(times.length / 2)];
  return { ms, gflops: flopsOf(c) / (ms * 1e6), reps: times.length };
}

async function runCase(c: MatMulCase, compareStock: boolean): Promise<MatMulRow> {
  const a = tf.randomUniform(c.a, -1, 1, 'float32', 1);
  const b = tf.randomUniform(c.b, -1, 1, 'float32', 2);
  try {
    const out = tf.matMul(a, b, false, c.transposeB);
    const [av, bv, ov] = await Promise.all([a.data(), b.data(), out.data()]);
    out.dispose();
    const maxError = maxSampledError(c, av as Float32Array, bv as Float32Array, ov as Float32Array);
    const timing = await timeMatMul(c, a, b);
    let stock: Timing | null = null;
    if (compareStock) {
      setKernelFixes(false);
      try {
        stock = await timeMatMul(c, a, b);
      } finally {
        setKernelFixes(true);
      }
    }
    return { label: c.label, flops: flopsOf(c), timing, stock, maxError };
  } finally {
    a.dispose();
    b.dispose();
  }
}

/**
 * Starts the chosen backend, then times each matMul case on it. `threads` (wasm) only takes
 * effect the first time wasm starts on the page: tfjs sizes its thread pool once.
 */
export async function runDemo(
  choice: Choice,
  options: { threads?: number },
  progress: (message: string) => void,
): Promise<DemoResult> {
  progress(`starting ${choice === 'auto' ? 'the best backend' : choice}…`);
  const info = await initBackend({
    prefer: choice,
    threads: options.threads,
    wasmPaths: WASM_PATHS,
    onWarning: (w) => console.warn(w),
  });
  const rows: MatMulRow[] = [];
  const compareStock = info.kernels.some((k) => k.kernel === 'BatchMatMul');
  for (const c of CASES) {
    progress(`${info.name}: timing ${c.label}…`);
    // Let the browser paint the progress line between cases.
    await new Promise((resolve) => setTimeout(resolve, 0));
    rows.push(await runCase(c, compareStock));
  }
  return {
    choice,
    info,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency ?? 0,
    rows,
  };
}
