import { checkNumber } from '../option-error';
import type { LogitsProcessor } from './logits-processor';

/**
 * Keeps the `k` highest logits and sets the rest to -Infinity. Ties with the k-th value are kept
 * (as transformers does), so more than k tokens may survive when scores are equal.
 */
export function topKProcessor(k: number): LogitsProcessor {
  checkNumber('topK', k, { min: 1, integer: true }, 'an integer >= 1');
  return {
    name: 'top-k',
    process(logits) {
      if (k >= logits.length) return;
      const threshold = kthLargest(logits, k);
      for (let i = 0; i < logits.length; i++) if (logits[i] < threshold) logits[i] = Number.NEGATIVE_INFINITY;
    },
  };
}

/** The k-th largest value (1-based) of `values`. */
export function kthLargest(values: Float32Array, k: number): number {
  // A small sorted window of the best k: O(V * k) worst case, O(V) typical for small k.
  if (k > 64) return Float32Array.from(values).sort()[values.length - k];
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (best.length === k && v <= best[k - 1]) continue;
    let j = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(v);
    while (j > 0 && best[j - 1] < v) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = v;
  }
  return best[k - 1];
}
