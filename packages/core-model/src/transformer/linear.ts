/** A linear layer in Hugging Face's Conv1D layout: weight [in, out], y = x @ W + b (+ an optional branch). */
import * as tf from '@tensorflow/tfjs-core';

/**
 * An extra path added to a linear layer's output: y = x·W + b + branch(x), x [N, in] -> [N, out].
 * This is the hook LoRA uses to compute x·W + s·(dropout(x)·Aᵀ)·Bᵀ on the adapter path only
 * (see `TransformerOptions.linearBranches`). It runs inside the caller's tidy; it must not keep
 * or dispose `x`.
 */
export type LinearBranch = (x: tf.Tensor2D) => tf.Tensor2D;

/** Weight [in, out], optional bias [out] and optional {@link LinearBranch}. */
export interface LinearWeights {
  weight: tf.Tensor2D;
  bias?: tf.Tensor1D;
  branch?: LinearBranch;
}

/** x [N, in] -> [N, out] (a 2-D matMul, the fastest case of the wasm GEMM). */
export function linear(x: tf.Tensor2D, { weight, bias, branch }: LinearWeights): tf.Tensor2D {
  const y = tf.matMul(x, weight) as tf.Tensor2D;
  const yb = bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
  return branch ? (tf.add(yb, branch(x)) as tf.Tensor2D) : yb;
}
