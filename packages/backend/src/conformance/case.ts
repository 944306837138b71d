import type * as tf from '@tensorflow/tfjs-core';

/** How one input of a case is drawn. */
export type InputSpec =
  /** Uniform in [lo, hi) (default [-1, 1)), float32, differentiable. */
  | { shape: number[]; kind?: 'float'; lo?: number; hi?: number }
  /** Integers in [0, max) as int32, not differentiable (indices, ids). */
  | { shape: number[]; kind: 'int'; max: number };

/** One op (or small composite) that our models use, checked on every backend. */
export interface ConformanceCase {
  name: string;
  inputs: InputSpec[];
  fn: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Check gradients (default true when any input is float). */
  grad?: boolean;
  /** Check gradients against finite differences too (default: same as grad). Off for kinks. */
  finiteDifferences?: boolean;
  /** Relative tolerance for forward values and gradients vs the cpu backend (default 1e-3). */
  tol?: number;
  /** Backends this case cannot run on, each with the reason (a known tfjs limitation). */
  unsupported?: Record<string, string>;
}
