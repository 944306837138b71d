/**
 * Σ x² over every element of many tensors in one kernel on wasm and cpu (`FthetaSumOfSquares`,
 * accumulated in float64), for global-norm gradient clipping; `sum(square(x))` per tensor and
 * `addN` on other backends. Not differentiable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { SUM_OF_SQUARES_KERNEL } from '../kernels/sum-of-squares-kernels';

/**
 * The sum of the squares of every element of `xs` (float32 tensors of any shapes), as a float32
 * scalar; 0 for an empty list. Tensors are taken in the given order.
 * @throws Error naming the index of an argument that is not a float32 tensor.
 */
export function sumOfSquares(xs: readonly tf.Tensor[]): tf.Scalar {
  xs.forEach((t, i) => {
    if (!(t instanceof tf.Tensor)) throw new Error(`sumOfSquares: xs[${i}] must be a tf.Tensor, got ${typeof t}`);
    if (t.dtype !== 'float32') throw new Error(`sumOfSquares: xs[${i}] must be float32, got ${t.dtype} (shape [${t.shape}])`);
  });
  if (xs.length === 0) return tf.scalar(0);
  if (fusedKernelFor(SUM_OF_SQUARES_KERNEL)) {
    return tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { ...xs } as unknown as tf.NamedTensorMap, {}) as tf.Scalar;
  }
  return tf.tidy(() => tf.addN(xs.map((x) => tf.sum(tf.square(x)))) as tf.Scalar);
}
