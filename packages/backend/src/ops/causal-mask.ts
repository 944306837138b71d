/**
 * Causal attention masks without `bandPart` (its gradient is wrong in tfjs 4.22 and it is slow on
 * wasm) and without Einsum (missing on wasm): built from two ranges and one comparison, so the mask
 * lives on whatever backend is active.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Boolean mask [queries, keys]: query i (at absolute position keys-queries+i, i.e. after a KV cache
 * of keys-queries entries) may attend to key j iff j <= keys - queries + i.
 */
export function causalMask(queries: number, keys: number = queries): tf.Tensor2D {
  if (!Number.isInteger(queries) || queries < 0 || !Number.isInteger(keys) || keys < queries) {
    throw new Error(`causalMask: need integers 0 <= queries <= keys, got queries=${queries}, keys=${keys}`);
  }
  return tf.tidy(() => {
    const rows = tf.reshape(tf.range(keys - queries, keys, 1, 'int32'), [queries, 1]);
    const cols = tf.reshape(tf.range(0, keys, 1, 'int32'), [1, keys]);
    return tf.greaterEqual(rows, cols) as tf.Tensor2D;
  });
}

/**
 * Masks attention scores [..., queries, keys]: positions a query may not see become -Infinity,
 * so that softmax gives them exactly 0. The mask is added as a [queries, keys] bias that broadcasts
 * over the leading dimensions (a `where` on the full score shape would first tile the mask to it).
 * Pass `bias` (from {@link causalMaskBias}) to reuse one mask across layers.
 * @throws Error when `bias` is not [queries, keys].
 */
export function applyCausalMask<T extends tf.Tensor>(scores: T, bias?: tf.Tensor2D): T {
  const [q, k] = scores.shape.slice(-2) as [number, number];
  if (bias && (bias.shape[0] !== q || bias.shape[1] !== k)) {
    throw new Error(`applyCausalMask: bias has shape [${bias.shape}], scores need [${q},${k}]`);
  }
  return tf.tidy(() => tf.add(scores, bias ?? causalMaskBias(q, k)) as T);
}

/**
 * The additive form of {@link causalMask}: [queries, keys] float32, 0 where a query may attend and
 * -Infinity where it may not. Build it once per forward pass and give it to every layer's
 * {@link applyCausalMask} (the mask is the same in each layer).
 */
export function causalMaskBias(queries: number, keys: number = queries): tf.Tensor2D {
  return tf.tidy(() => tf.where(causalMask(queries, keys), tf.zeros([queries, keys]), tf.fill([queries, keys], Number.NEGATIVE_INFINITY)) as tf.Tensor2D);
}
