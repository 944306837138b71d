/**
 * Hyper-parameters that work on the fact model (chosen with `ftheta bench edit`; see its JSON for
 * the sweep). ROME's GPT-2 XL values are the starting point: the KL weight is raised (the subject's
 * other facts are the "essence" to keep, and they are what a small model loses first), the clamp
 * and weight decay are loosened (a 4-layer model's MLP outputs are small against what a new fact
 * needs).
 */
import type { TargetValueOptions } from './target-value';

/** Target-value search defaults for ROME and MEMIT. */
export const VALUE_DEFAULTS: Required<Pick<TargetValueOptions, 'steps' | 'lr' | 'klFactor' | 'weightDecay' | 'clampNormFactor' | 'nllStop'>> = {
  steps: 100,
  lr: 0.5,
  klFactor: 1,
  weightDecay: 0.05,
  clampNormFactor: 10,
  nllStop: 0.05,
};

/** ROME's default layer on the fact model (where its edits score best; causal tracing shows why). */
export const ROME_DEFAULT_LAYER = 0;

/**
 * MEMIT's default layer range and λ on the fact model: 100 edits at once over layers 0–1 with
 * λ = 50 (on a trained fact model: layers [0] λ 2 → efficacy 80 / paraphrase 84 / neighbourhood 89,
 * [0] λ 50 → 85 / 86 / 90, [0,1] λ 50 → 86 / 91 / 90, [0,1] λ 300 → 82 / 87 / 92, [0,1,2] λ 50 →
 * 85 / 84 / 86; λ ≥ 3000 writes nothing). On the bench's own fact model ([0,1] λ 50: 82 / 87 / 85,
 * [0] λ 2: 83 / 84 / 87) the two are a draw. Layers past a model's last-but-one are dropped by callers.
 */
export const MEMIT_DEFAULTS = { layers: [0, 1] as readonly number[], mom2Weight: 50 };

/** Key-statistics defaults: positions of the model's text averaged over. */
export const STATS_DEFAULT_POSITIONS = 20_000;

/** {@link MEMIT_DEFAULTS}' layers that a model of `nLayer` layers can edit (values are written below the last layer). */
export function memitDefaultLayers(nLayer: number): number[] {
  if (!(Number.isInteger(nLayer) && nLayer >= 2)) throw new RangeError(`memitDefaultLayers: MEMIT needs a model of at least 2 layers, got ${nLayer}`);
  return MEMIT_DEFAULTS.layers.filter((l) => l < nLayer - 1);
}
