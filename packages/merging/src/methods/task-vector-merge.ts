/**
 * The engine behind task arithmetic, TIES and DARE (mergekit's "generalized task arithmetic"): task
 * vectors δᵢ = θᵢ − θ_base, optionally sparsified (TIES' magnitude trim or DARE's random drop),
 * weighted (wᵢ·δᵢ), optionally reduced to the entries agreeing with an elected sign (TIES), summed,
 * optionally divided by the weights that contributed (`normalize`), scaled by λ and added to the base.
 *
 * Per entry j, with sᵢ = wᵢ·δ̃ᵢ[j] (δ̃ the sparsified task vector):
 * - without sign consensus: m = Σᵢ sᵢ, divisor D = Σᵢ wᵢ (1 when |D| < 1e-8);
 * - with sign consensus: the elected sign is + when Σᵢ sᵢ ≥ 0, else −; m = Σ of the sᵢ whose sign is
 *   the elected one (zeros never agree), D = Σ of their wᵢ (1 when that is 0);
 * - merged = θ_base + λ · (normalize ? m / D : m).
 */
import { checkInputs } from './check-inputs';
import { dareMask, dareSeed } from './dare-mask';
import { magnitudeTrim } from './magnitude-trim';

/** How task vectors are sparsified before they are combined. */
export type Sparsification = 'none' | 'magnitude' | 'random';

/** Options of {@link taskVectorMerge}; each method fixes `sparsification` and `consensus`. */
export interface TaskVectorMergeOptions {
  /** wᵢ per model (may be negative: subtracts that model's skill). */
  weights: readonly number[];
  /** Fraction of each task vector kept, in (0, 1], per model (default 1: keep all). */
  densities?: readonly number[];
  /** λ, the scale of the combined task vector (default 1). */
  lambda?: number;
  /** Divide the combined task vector by the weights that contributed (see the file comment). */
  normalize: boolean;
  sparsification: Sparsification;
  /** Elect a sign per entry by summed weighted mass and keep only agreeing entries (TIES). */
  consensus: boolean;
  /** Random sparsification: scale kept entries by 1/density (default true). */
  rescale?: boolean;
  /** Random sparsification: explicit keep-masks per model (1 keep, 0 drop); otherwise drawn from `seed`. */
  masks?: readonly (Uint8Array | undefined)[];
  /** Random sparsification: the merge seed (default 0) and the tensor name, which pick each model's mask stream. */
  seed?: number;
  tensorName?: string;
  /** The method's name, for errors. */
  method?: string;
}

/**
 * θ_base + λ·combine(sparsify(θᵢ − θ_base)) as described in the file comment; a new array.
 * @throws RangeError naming the method: tensors of different lengths, a per-model list of the wrong
 *   length, a density outside (0, 1] or one that keeps nothing of a tensor.
 */
export function taskVectorMerge(base: Float32Array, models: readonly Float32Array[], options: TaskVectorMergeOptions): Float32Array {
  const method = options.method ?? 'task vector merge';
  checkInputs(method, [base, ...models]);
  checkInputs(method, models, { weights: options.weights, densities: options.densities, masks: options.masks });
  const { weights, lambda = 1, normalize, consensus, rescale = true, seed = 0, tensorName = 'tensor' } = options;
  const n = base.length;
  const k = models.length;
  const deltas = models.map((m, i) => {
    const d = new Float32Array(n); // θᵢ − θ_base rounded to float32, as mergekit computes it in the tensors' dtype
    for (let j = 0; j < n; j++) d[j] = m[j] - base[j];
    const density = options.densities?.[i] ?? 1;
    if (!(density > 0 && density <= 1)) throw new RangeError(`${method}: density of model ${i} must be in (0, 1], got ${density}`);
    if (options.sparsification === 'magnitude') magnitudeTrim(d, density, `${method}: ${tensorName} (model ${i})`);
    else if (options.sparsification === 'random' && density < 1) {
      const mask = options.masks?.[i] ?? dareMask(n, density, dareSeed(seed, tensorName, i));
      if (mask.length !== n) throw new RangeError(`${method}: mask of model ${i} has ${mask.length} entries, the tensor ${n}`);
      const scale = rescale ? 1 / density : 1;
      for (let j = 0; j < n; j++) d[j] = mask[j] ? d[j] * scale : 0;
    }
    return d;
  });
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  const plainDivisor = Math.abs(weightSum) < 1e-8 ? 1 : weightSum;

  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let mixed = 0;
    let divisor = plainDivisor;
    if (consensus) {
      let mass = 0;
      for (let i = 0; i < k; i++) mass += weights[i] * deltas[i][j];
      const elected = mass >= 0 ? 1 : -1;
      divisor = 0;
      for (let i = 0; i < k; i++) {
        const s = weights[i] * deltas[i][j];
        if (Math.sign(s) === elected) {
          mixed += s;
          divisor += weights[i];
        }
      }
      if (divisor === 0) divisor = 1;
    } else {
      for (let i = 0; i < k; i++) mixed += weights[i] * deltas[i][j];
    }
    if (normalize) mixed /= divisor;
    out[j] = base[j] + lambda * mixed;
  }
  return out;
}
