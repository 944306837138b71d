/**
 * TIES' "trim" step (Yadav et al. 2023, "TIES-Merging: Resolving Interference When Merging Models",
 * https://arxiv.org/abs/2306.01708): keep the k = ⌊density · n⌋ entries of a task vector with the
 * largest magnitude and zero the rest (mergekit's `magnitude` sparsification, without rescaling).
 * Ties at the k-th magnitude keep the lower indices first, so the result is deterministic.
 */

/** The k-th largest value of `values` (1-based k; `values` is reordered). Quickselect, O(n) on average. */
function kthLargest(values: Float32Array, k: number): number {
  const target = values.length - k; // index in ascending order
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}

/**
 * `delta` with all but its ⌊density · n⌋ largest-magnitude entries set to 0, in place (and returned).
 * `density` ≥ 1 returns `delta` unchanged.
 * @param what Named in the error (e.g. the tensor and model).
 * @throws RangeError when density is not in (0, 1], or when ⌊density · n⌋ is 0 (nothing would be
 *   kept; mergekit refuses this too).
 */
export function magnitudeTrim(delta: Float32Array, density: number, what = 'tensor'): Float32Array {
  if (!(density > 0 && density <= 1)) throw new RangeError(`magnitudeTrim: density must be in (0, 1], got ${density}`);
  if (density >= 1) return delta;
  const n = delta.length;
  const k = Math.floor(density * n);
  if (k === 0) throw new RangeError(`${what}: density ${density} keeps ⌊${density}·${n}⌋ = 0 of its ${n} values (raise density, or give this tensor its own with a filter)`);
  const abs = new Float32Array(n);
  for (let i = 0; i < n; i++) abs[i] = Math.abs(delta[i]);
  const threshold = kthLargest(abs, k);
  let above = 0;
  for (let i = 0; i < n; i++) if (Math.abs(delta[i]) > threshold) above++;
  let ties = k - above; // entries equal to the threshold still to keep, lowest index first
  for (let i = 0; i < n; i++) {
    const m = Math.abs(delta[i]);
    if (m > threshold) continue;
    if (m === threshold && ties > 0) ties--;
    else delta[i] = 0;
  }
  return delta;
}
