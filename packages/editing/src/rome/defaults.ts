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

/** MEMIT's default layer range and λ on the fact model. */
export const MEMIT_DEFAULTS = { layers: [0] as readonly number[], mom2Weight: 2 };

/** Key-statistics defaults: positions of the model's text averaged over. */
export const STATS_DEFAULT_POSITIONS = 20_000;
