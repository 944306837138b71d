/** A linear layer in Hugging Face's Conv1D layout: weight [in, out], y = x @ W + b. */
import * as tf from '@tensorflow/tfjs-core';

/** Weight [in, out] and optional bias [out]. */
export interface LinearWeights {
  weight: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/** x [N, in] -> [N, out] (a 2-D matMul, the fastest case of the wasm GEMM). */
export function linear(x: tf.Tensor2D, { weight, bias }: LinearWeights): tf.Tensor2D {
  const y = tf.matMul(x, weight) as tf.Tensor2D;
  return bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
}
