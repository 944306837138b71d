/**
 * Softmax and log-softmax over a logits vector in float64 (stable: the max is subtracted first).
 * -Infinity logits get probability 0 (log-probability -Infinity).
 */

/** Probabilities of `logits` (Float64Array, sums to 1). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float64Array(logits.length);
  if (max === Number.NEGATIVE_INFINITY) throw new Error('softmax: every logit is -Infinity (all tokens were removed)');
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i] - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** log(softmax(logits))[index], computed without forming every probability. */
export function logSoftmaxAt(logits: ArrayLike<number>, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return logits[index] - max - Math.log(sum);
}
