/**
 * Linear merge ("model soups": Wortsman et al. 2022, "Model soups: averaging weights of multiple
 * fine-tuned models improves accuracy without increasing inference time", https://arxiv.org/abs/2203.05482).
 * mergekit's `linear`.
 */
import { checkInputs } from './check-inputs';

/** Options of {@link linearMerge} (mergekit's parameters). */
export interface LinearMergeOptions {
  /** `weight` per model (required; any finite numbers). */
  weights: readonly number[];
  /** `normalize` (default true): divide by Σ weights, so the weights need not sum to 1. */
  normalize?: boolean;
}

/**
 * Σᵢ wᵢ·θᵢ, divided by Σᵢ wᵢ when `normalize` (mergekit divides even when that sum is 0, giving
 * inf/NaN; this throws instead). A new array.
 * @throws RangeError: tensors of different lengths, weights not one per model, normalize with Σ w = 0.
 */
export function linearMerge(models: readonly Float32Array[], options: LinearMergeOptions): Float32Array {
  checkInputs('linear', models, { weights: options.weights });
  const { weights, normalize = true } = options;
  let sum = 0;
  for (const w of weights) sum += w;
  if (normalize && sum === 0) throw new RangeError(`linear: the weights ${JSON.stringify(weights)} sum to 0, so normalize (divide by their sum) is undefined; set normalize: false`);
  const n = models[0].length;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = 0; i < models.length; i++) acc += weights[i] * models[i][j];
    out[j] = normalize ? acc / sum : acc;
  }
  return out;
}
