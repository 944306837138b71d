/**
 * Masked next-token cross-entropy: mean over counted positions of -log softmax(logits)[target],
 * computed with @ftheta/backend's `sparseSoftmaxCrossEntropy` (max-shifted, so logits of 1e4 do not
 * overflow): one fused kernel forward and one backward on wasm and cpu, and logSoftmax + a flat
 * gather of the targets' log-probabilities on other backends.
 */
import { sparseSoftmaxCrossEntropy } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';

/** Target ids [B,T]: an int32 tensor or a row-major Int32Array (as in a `Batch`). */
export type TargetsInput = tf.Tensor | Int32Array;
/** Mask [B,T] (1 = the position counts, 0 = it does not): a float32 tensor or a Float32Array; null/undefined = all count. */
export type MaskInput = tf.Tensor | Float32Array | null | undefined;

/** Thrown when no position of the batch counts (every mask entry is 0): the mean is undefined. */
export class EmptyMaskError extends Error {
  constructor(where: string) {
    super(`${where}: every position is masked out (mask sums to 0), so the mean loss is undefined`);
    this.name = 'EmptyMaskError';
  }
}

function shapeOf(logits: tf.Tensor, where: string): [number, number, number] {
  if (logits.rank !== 3) throw new RangeError(`${where}: logits must be [B,T,V], got shape [${logits.shape.join(',')}]`);
  return logits.shape as [number, number, number];
}

/** Validates target ids on the host (typed arrays only) and returns them as a flat [N] array. */
function targetIds(targets: TargetsInput, n: number, vocab: number, where: string): tf.Tensor1D {
  if (targets instanceof Int32Array) {
    if (targets.length !== n) throw new RangeError(`${where}: targets has ${targets.length} ids, logits need B*T = ${n}`);
    for (let i = 0; i < n; i++) {
      const t = targets[i]!;
      if (t < 0 || t >= vocab) throw new RangeError(`${where}: targets[${i}] is ${t}, outside [0, ${vocab})`);
    }
    return tf.tensor1d(targets, 'int32');
  }
  if (targets.size !== n) throw new RangeError(`${where}: targets has shape [${targets.shape.join(',')}], logits need B*T = ${n} ids`);
  if (targets.dtype !== 'int32') throw new TypeError(`${where}: targets must be int32, got ${targets.dtype}`);
  return tf.reshape(targets, [n]);
}

/** The mask as a flat [N] float32 tensor and the number of counted positions, or null (all count). */
function maskAndCount(mask: MaskInput, n: number, where: string): { mask: tf.Tensor1D | null; count: number } {
  if (mask == null) return { mask: null, count: n };
  let count: number;
  let flat: tf.Tensor1D;
  if (mask instanceof Float32Array) {
    if (mask.length !== n) throw new RangeError(`${where}: mask has ${mask.length} entries, logits need B*T = ${n}`);
    count = 0;
    for (let i = 0; i < n; i++) count += mask[i]!;
    flat = tf.tensor1d(mask, 'float32');
  } else {
    if (mask.size !== n) throw new RangeError(`${where}: mask has shape [${mask.shape.join(',')}], logits need B*T = ${n} entries`);
    flat = tf.cast(tf.reshape(mask, [n]), 'float32');
    count = tf.sum(flat).dataSync()[0]!; // one scalar read: the divisor, and the all-masked check
  }
  if (!(count > 0)) throw new EmptyMaskError(where);
  return { mask: flat, count };
}

/**
 * Per-position negative log-likelihood [B,T] of `targets` under `logits` [B,T,V] (no mask).
 * Stable for any finite logits; differentiable with respect to `logits`.
 */
export function tokenNll(logits: tf.Tensor, targets: TargetsInput): tf.Tensor2D {
  const where = 'tokenNll';
  const [B, T, V] = shapeOf(logits, where);
  const n = B * T;
  if (n * V > 2 ** 31 - 1) throw new RangeError(`${where}: B*T*V = ${n * V} exceeds int32 flat indexing; split the batch`);
  return tf.tidy(() => {
    const ids = targetIds(targets, n, V, where); // [N]
    // One fused kernel each way on wasm and cpu; logSoftmax + a flat gather elsewhere.
    return tf.reshape(sparseSoftmaxCrossEntropy(tf.reshape(logits, [n, V]) as tf.Tensor2D, ids), [B, T]) as tf.Tensor2D;
  });
}

/**
 * Mean next-token cross-entropy over the counted positions: sum(mask * nll) / sum(mask), with
 * nll = -log softmax(logits)[target]. `logits` [B,T,V] float32, `targets` [B,T] int32 (tensor or
 * Int32Array), `mask` [B,T] (tensor, Float32Array, or null = all count). Returns a scalar,
 * differentiable with respect to `logits`; use it inside `tf.variableGrads` / `tf.grads`.
 * @throws EmptyMaskError when the mask sums to 0 (instead of returning NaN).
 * @throws RangeError naming the argument when a shape or a (host) target id is wrong.
 */
export function crossEntropy(logits: tf.Tensor, targets: TargetsInput, mask?: MaskInput): tf.Scalar {
  const where = 'crossEntropy';
  const [B, T] = shapeOf(logits, where);
  const n = B * T;
  return tf.tidy(() => {
    const m = maskAndCount(mask, n, where);
    const nll = tf.reshape(tokenNll(logits, targets), [n]); // [N]
    const total = m.mask === null ? tf.sum(nll) : tf.sum(tf.mul(nll, m.mask));
    return tf.div(total, tf.scalar(m.count)) as tf.Scalar;
  });
}

/** Perplexity of a mean cross-entropy (nats): exp(loss). Accepts a number or a scalar tensor's value. */
export function perplexity(loss: number): number {
  if (typeof loss !== 'number' || Number.isNaN(loss)) throw new RangeError(`perplexity: loss must be a number, got ${loss}`);
  return Math.exp(loss);
}
