/** The shapes `ftheta bench matmul` times, and how hard each backend is pushed on them. */
import type { MatmulShape } from '../../util/reference-matmul';
import type { TimingMethod } from '../measure';

/** One timed product. */
export interface MatmulCase extends MatmulShape {
  /** Stable id used as a key in the JSON (`square-512`, `batched-transposeA`, ...). */
  id: string;
  /** 2 for a plain matMul, 3 for a batched one. */
  rank: 2 | 3;
  /** 'batched' cases carry the ≥ 8x fthetaOverStock requirement. */
  group: 'square' | 'batched';
  /** Why tfjs cpu is not timed on this case (it runs ~1 GFLOP/s); absent when it is. */
  cpuSkip?: string;
}

function square(size: number, cpuSkip?: string): MatmulCase {
  return { id: `square-${size}`, rank: 2, group: 'square', batch: 1, m: size, k: size, n: size, transposeA: false, transposeB: false, cpuSkip };
}

function batched(transposeA: boolean, transposeB: boolean): MatmulCase {
  const suffix = transposeA && transposeB ? '-transposeAB' : transposeA ? '-transposeA' : transposeB ? '-transposeB' : '';
  // [8,256,64] x [8,64,256]: attention-sized (8 heads, 256 tokens, 64 per head).
  return { id: `batched${suffix}`, rank: 3, group: 'batched', batch: 8, m: 256, k: 64, n: 256, transposeA, transposeB };
}

const BATCHED = [batched(false, false), batched(true, false), batched(false, true), batched(true, true)];

/** Cases of a full run. */
export const FULL_CASES: readonly MatmulCase[] = [
  square(128),
  square(256),
  square(512),
  square(1024, 'tfjs cpu runs ~1 GFLOP/s, so one 1024^3 product takes ~2 s; not timed (fthetaOverCpu comes from the smaller cases)'),
  ...BATCHED,
];

/** Cases of a --quick run (a few seconds, for tests). */
export const QUICK_CASES: readonly MatmulCase[] = [square(128), square(256), ...BATCHED];

/** Stored shape of `a` (transposed storage when transposeA). */
export function aShape(c: MatmulCase): number[] {
  const inner = c.transposeA ? [c.k, c.m] : [c.m, c.k];
  return c.rank === 3 ? [c.batch, ...inner] : inner;
}

/** Stored shape of `b` (transposed storage when transposeB). */
export function bShape(c: MatmulCase): number[] {
  const inner = c.transposeB ? [c.n, c.k] : [c.k, c.n];
  return c.rank === 3 ? [c.batch, ...inner] : inner;
}

/** Shape of the result. */
export function outShape(c: MatmulCase): number[] {
  return c.rank === 3 ? [c.batch, c.m, c.n] : [c.m, c.n];
}

/** Timing for wasm and numpy: ≥ 0.2 s warm-up, then the median of 5 samples of ≥ 0.3 s each. */
export const FULL_METHOD: TimingMethod = {
  warmupSec: 0.2,
  minWarmupReps: 2,
  maxWarmupReps: 10_000,
  samples: 5,
  sampleSec: 0.3,
  minRepsPerSample: 3,
  maxRepsPerSample: 100_000,
};

/** Timing for tfjs cpu (~1 GFLOP/s): one warm-up run, the median of 3 samples of ≥ 0.3 s (≥ 1 run). */
export const FULL_CPU_METHOD: TimingMethod = {
  warmupSec: 0,
  minWarmupReps: 1,
  maxWarmupReps: 1,
  samples: 3,
  sampleSec: 0.3,
  minRepsPerSample: 1,
  maxRepsPerSample: 1000,
};

/** --quick timing for wasm and numpy. */
export const QUICK_METHOD: TimingMethod = {
  warmupSec: 0.02,
  minWarmupReps: 1,
  maxWarmupReps: 1000,
  samples: 3,
  sampleSec: 0.03,
  minRepsPerSample: 1,
  maxRepsPerSample: 10_000,
};

/** --quick timing for tfjs cpu: one warm-up run, one timed run. */
export const QUICK_CPU_METHOD: TimingMethod = {
  warmupSec: 0,
  minWarmupReps: 1,
  maxWarmupReps: 1,
  samples: 1,
  sampleSec: 0,
  minRepsPerSample: 1,
  maxRepsPerSample: 1,
};
