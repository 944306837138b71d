/**
 * Log-probabilities at chosen positions of a [B, T, V] logits tensor, differentiably (tfjs has no
 * gradient for gatherND): positions are flat rows b·T + t of the logits seen as [B·T, V].
 */
import * as tf from '@tensorflow/tfjs-core';

/** Flat row indices b·T + t of (b, t) pairs. */
export function flatRows(at: readonly (readonly [number, number])[], T: number): tf.Tensor1D {
  return tf.tensor1d(at.map(([b, t]) => b * T + t), 'int32');
}

/** log-softmax over the vocabulary at `rows`: [N, V]. */
export function logSoftmaxAt(logits: tf.Tensor3D, rows: tf.Tensor1D): tf.Tensor2D {
  const [B, T, V] = logits.shape;
  return tf.logSoftmax(tf.gather(tf.reshape(logits, [B * T, V]), rows)) as tf.Tensor2D;
}

/** log p(tokens[i]) at rows[i]: [N]. */
export function logProbsAt(logits: tf.Tensor3D, rows: tf.Tensor1D, tokens: tf.Tensor1D): tf.Tensor1D {
  const V = logits.shape[2];
  return tf.sum(tf.mul(logSoftmaxAt(logits, rows), tf.oneHot(tokens, V)), 1) as tf.Tensor1D;
}
