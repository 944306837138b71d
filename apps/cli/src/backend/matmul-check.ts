/**
 * "A small real computation" on the active backend: one float32 matMul checked against the
 * plain-JS reference and timed.
 */
import { kernelFixesEnabled } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { measure, type TimingMethod } from '../bench/measure';
import { uniformFloat32 } from '../util/random';
import { matmulFlops, maxAbsError, referenceMatmul } from '../util/reference-matmul';
import { round } from '../util/stats';

/** Result of {@link matmulCheck}, printed by `ftheta backend` (under `check` with --json). */
export interface MatmulCheck {
  op: 'matMul';
  /** [m, k, n]: a is [m,k], b is [k,n]. */
  shape: [number, number, number];
  dtype: 'float32';
  /** The tfjs backend the product ran on. */
  backend: string;
  /** Whether ftheta's kernels were active (see setKernelFixes). */
  kernelFixes: boolean;
  /** Largest |backend - float64 JS reference| over the result. */
  maxAbsError: number;
  /** maxAbsError must not exceed this. */
  tolerance: number;
  ok: boolean;
  /** Median GFLOP/s over the timed samples. */
  gflops: number;
  /** Median milliseconds per matMul. */
  medianMs: number;
  /** Timed samples (the figure is their median). */
  samples: number;
  /** matMuls timed in all, over the samples. */
  reps: number;
}

const CHECK_TIMING: TimingMethod = {
  warmupSec: 0.05,
  minWarmupReps: 1,
  maxWarmupReps: 50,
  samples: 5,
  sampleSec: 0.05,
  minRepsPerSample: 1,
  maxRepsPerSample: 200,
};

/** Runs an n×n×n float32 matMul on the active tfjs backend, checks it, times it. */
export function matmulCheck(size = 256): MatmulCheck {
  if (!Number.isInteger(size) || size < 1) throw new Error(`matmulCheck: size must be a positive integer, got ${size}`);
  const shape = { batch: 1, m: size, k: size, n: size, transposeA: false, transposeB: false };
  const aValues = uniformFloat32(size * size, 1);
  const bValues = uniformFloat32(size * size, 2);
  const expected = referenceMatmul(aValues, bValues, shape);

  const before = tf.memory().numTensors;
  const a = tf.tensor2d(aValues, [size, size], 'float32');
  const b = tf.tensor2d(bValues, [size, size], 'float32');
  let error: number;
  let timing: ReturnType<typeof measure>;
  try {
    const c = tf.matMul(a, b);
    error = maxAbsError(expected, c.dataSync());
    c.dispose();
    timing = measure(() => tf.matMul(a, b).dispose(), CHECK_TIMING);
  } finally {
    a.dispose();
    b.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`matmulCheck leaked ${leaked} tensors`);

  // float32 accumulation over k terms of size <= 1: a generous bound that still catches a wrong kernel.
  const tolerance = 1e-5 * size;
  return {
    op: 'matMul',
    shape: [size, size, size],
    dtype: 'float32',
    backend: tf.getBackend(),
    kernelFixes: kernelFixesEnabled(),
    maxAbsError: error,
    tolerance,
    ok: error <= tolerance,
    gflops: round(matmulFlops(shape) / timing.medianSec / 1e9, 2),
    medianMs: round(timing.medianSec * 1000, 3),
    samples: timing.samplesSec.length,
    reps: timing.repsPerSample * timing.samplesSec.length,
  };
}
