/**
 * The LoRA adapter path of one linear layer as PEFT computes it in training, s·(dropout(x)·Aᵀ)·Bᵀ,
 * with seeded dropout (mask seeds come from core-model's deriveSeed). Dropout is inverted (kept inputs are scaled by 1/(1−p), so
 * the expected output equals the no-dropout output) and seeded: the same seed gives the same mask
 * on every backend (tfjs draws the uniform numbers in JavaScript).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * x [N, in] -> s·(dropout_p(x)·Aᵀ)·Bᵀ [N, out], with A [r, in] and B [out, r] (PEFT's layout).
 * With `p` 0 there is no dropout and `seed` is unused.
 * @throws RangeError naming `p` when it is not in [0, 1).
 */
export function loraBranch(x: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D, scaling: number, p: number, seed: number): tf.Tensor2D {
  if (!(p >= 0 && p < 1)) throw new RangeError(`loraBranch: dropout p must be in [0, 1), got ${p}`);
  return tf.tidy(() => {
    const dropped = p > 0 ? (tf.dropout(x, p, undefined, seed) as tf.Tensor2D) : x; // [N,in], kept entries × 1/(1−p)
    const low = tf.matMul(dropped, a, false, true); // [N,r]
    return tf.mul(tf.matMul(low, b, false, true), scaling) as tf.Tensor2D; // [N,out]
  });
}
