/**
 * The LoRA adapter path of one linear layer as PEFT computes it in training, s·(dropout(x)·Aᵀ)·Bᵀ,
 * and the seeds of its dropout masks. Dropout is inverted (kept inputs are scaled by 1/(1−p), so
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

/**
 * A 32-bit seed from two integers (murmur3's finaliser over a·φ + b): the mask seed of training
 * forward `b` of a run seeded `a`, or of target `b` within forward seed `a`. Deterministic, so a
 * resumed run draws the same masks.
 */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) + (b >>> 0)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
