/**
 * Model Stock (Jang, Yun and Han 2024, "Model Stock: All we need is just a few fine-tuned models",
 * https://arxiv.org/abs/2403.19522): fine-tuned weights lie on a thin shell around a centre; from
 * the angle θ between the fine-tuned models' offsets from the base, the ratio
 * t = N·cos θ / (1 + (N − 1)·cos θ) moves from the base towards the average of the N fine-tuned
 * models: θ_H = t·θ̄ + (1 − t)·θ_base. mergekit's `model_stock`.
 */
import { checkInputs } from './check-inputs';

/** Options of {@link modelStockMerge} (mergekit's parameters). */
export interface ModelStockOptions {
  /**
   * `filter_wise` (default false): one angle (and t) per row (the last axis) instead of per
   * tensor; needs `shape`. A 1-D tensor is one row either way.
   */
  filterWise?: boolean;
  /** The tensor's shape (needed with filterWise). */
  shape?: readonly number[];
  tensorName?: string;
}

/**
 * Per tensor (or per row with filterWise): offsets dᵢ = θᵢ − θ_base; cos θ = the mean over pairs
 * i < j of dᵢ·dⱼ / max(|dᵢ||dⱼ|, 1e-6), clamped to [−1, 1]; t as above; θ_H = t·mean(θᵢ) + (1 − t)·θ_base.
 * A new array.
 * @throws RangeError: fewer than 2 fine-tuned models, tensors of different lengths, or an angle
 *   for which 1 + (N − 1)·cos θ = 0 (t would be infinite; mergekit would write inf/NaN).
 */
export function modelStockMerge(base: Float32Array, models: readonly Float32Array[], options: ModelStockOptions = {}): Float32Array {
  checkInputs('model_stock', [base, ...models]);
  const N = models.length;
  if (N < 2) throw new RangeError(`model_stock: needs at least 2 fine-tuned models besides the base, got ${N}`);
  const n = base.length;
  let rowLength = n;
  if (options.filterWise) {
    if (!options.shape) throw new RangeError('model_stock: filterWise needs the tensor shape');
    rowLength = options.shape.length === 0 ? 1 : options.shape[options.shape.length - 1];
  }
  const out = new Float32Array(n);
  if (n === 0) return out;
  const rows = rowLength === 0 ? 0 : n / rowLength;
  const dots = new Float64Array(N * N);
  for (let r = 0; r < rows; r++) {
    const from = r * rowLength;
    const to = from + rowLength;
    dots.fill(0);
    for (let j = from; j < to; j++) {
      const b = base[j];
      for (let p = 0; p < N; p++) {
        const dp = models[p][j] - b;
        for (let q = p; q < N; q++) dots[p * N + q] += dp * (models[q][j] - b);
      }
    }
    let cosSum = 0;
    for (let p = 0; p < N; p++) {
      for (let q = p + 1; q < N; q++) {
        const norms = Math.sqrt(dots[p * N + p]) * Math.sqrt(dots[q * N + q]);
        cosSum += Math.min(1, Math.max(-1, dots[p * N + q] / Math.max(norms, 1e-6)));
      }
    }
    const cos = cosSum / ((N * (N - 1)) / 2);
    const denominator = 1 + (N - 1) * cos;
    if (denominator === 0) {
      throw new RangeError(`model_stock: ${options.tensorName ?? 'tensor'}${options.filterWise ? ` row ${r}` : ''}: cos θ = ${cos} makes 1 + (N − 1)·cos θ = 0 (the ratio t is infinite)`);
    }
    const t = (N * cos) / denominator;
    for (let j = from; j < to; j++) {
      let avg = 0;
      for (let p = 0; p < N; p++) avg += models[p][j];
      out[j] = (t * avg) / N + (1 - t) * base[j];
    }
  }
  return out;
}
