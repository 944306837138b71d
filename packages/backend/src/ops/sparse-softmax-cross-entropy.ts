/**
 * Per-row cross-entropy of integer labels under logits, −log softmax(logits)[label] (TensorFlow's
 * `sparse_softmax_cross_entropy_with_logits`), max-shifted so any finite logits are safe. One
 * kernel forward (saves log Σ exp) and one backward (dy·(softmax − onehot)) on wasm and cpu;
 * `logSoftmax` + a flat `gather` on other backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelFor } from '../kernels/fused-kernels';
import { SPARSE_CE_KERNEL } from '../kernels/sparse-softmax-cross-entropy-kernels';

function composite(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  const [n, v] = logits.shape;
  return tf.tidy(() => {
    const logp = tf.reshape(tf.logSoftmax(logits), [n * v]);
    const flatIdx = tf.add(tf.range(0, n * v, v, 'int32'), labels); // row i -> i*V + label
    return tf.neg(tf.gather(logp, flatIdx)) as tf.Tensor1D;
  });
}

/**
 * nll [N] of `labels` [N] (int32, in [0, V)) under `logits` [N,V] (float32), differentiable with
 * respect to `logits`. A label outside [0, V) gives NaN on wasm and cpu (check host ids first).
 * @throws Error naming the argument whose rank, shape or dtype is wrong.
 */
export function sparseSoftmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  if (!(logits instanceof tf.Tensor) || logits.rank !== 2) {
    throw new Error(`sparseSoftmaxCrossEntropy: logits must be [N,V], got ${logits instanceof tf.Tensor ? `shape [${logits.shape}]` : typeof logits}`);
  }
  if (logits.dtype !== 'float32') throw new Error(`sparseSoftmaxCrossEntropy: logits must be float32, got ${logits.dtype}`);
  if (!(labels instanceof tf.Tensor) || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new Error(
      `sparseSoftmaxCrossEntropy: labels must be [${logits.shape[0]}] (one per row of logits [${logits.shape}]), got ${labels instanceof tf.Tensor ? `[${labels.shape}]` : typeof labels}`,
    );
  }
  if (labels.dtype !== 'int32') throw new Error(`sparseSoftmaxCrossEntropy: labels must be int32, got ${labels.dtype}`);
  if (!fusedKernelFor(SPARSE_CE_KERNEL)) return composite(logits, labels);
  return tf.tidy(() => (tf.engine().runKernel(SPARSE_CE_KERNEL, { logits, labels }) as tf.Tensor[])[0] as tf.Tensor1D);
}
