/**
 * Hyper-parameters that work on the fact model (chosen with `ftheta bench edit`; see its JSON for
 * the sweep). The KL weight is ROME's own for GPT-2 XL (0.0625); the clamp is loosened (30 × ‖v‖
 * against ROME's 4: a 4-layer model's MLP outputs are small against what a new fact needs) and the
 * search runs longer (200 steps). With ROME searching through its own update (RomeOptions
 * .searchThrough), two trained fact models took the new object in 100 and 99 of 100 single edits
 * (paraphrase 98–99, neighbourhood 97); KL 0.25 → 99 / 97 / 97, KL 1 → 98 / 96 / 97 on the first.
 * The price of the low weight is the subject's other facts: 77–78% kept, against 89% at KL 0.25 and
 * 97% at KL 1 — raise `klFactor` to hold them tighter (the bench reports the KL 1 row too).
 */
import type { TargetValueOptions } from './target-value';

/** Target-value search defaults for ROME and MEMIT. */
export const VALUE_DEFAULTS: Required<Pick<TargetValueOptions, 'steps' | 'lr' | 'klFactor' | 'weightDecay' | 'clampNormFactor' | 'nllStop'>> = {
  steps: 200,
  lr: 0.5,
  klFactor: 0.0625,
  weightDecay: 0.05,
  clampNormFactor: 30,
  nllStop: 0.05,
};

/** ROME's default layer on the fact model (where its edits score best; causal tracing shows why). */
export const ROME_DEFAULT_LAYER = 0;

/**
 * MEMIT's default layer range and λ on the fact model: 100 edits at once over layers 0–1 with
 * λ = 1000, the residuals searched for the whole batch through the update itself (MemitOptions
 * .searchThrough 'update', each edit held once it reaches its target). On two trained fact models
 * (efficacy / paraphrase / neighbourhood, other facts kept): 100 / 97 / 95 (95) and 100 / 98 / 96
 * (97). Without holding the edits that reached their target, λ 1000 gave 100 / 100 / 93 and
 * 100 / 99 / 87 (the easy edits pushed on and written into their neighbours); λ 500 and 700 held
 * fewer neighbours (86–92), λ 2000 wrote less (paraphrase 89). The reference's search (one target per
 * edit at the subject's token, searchThrough 'subject') did best at λ 150: 90 / 93 / 89 — λ weighs C
 * against the new keys, and a search through the update makes up the shrinkage λ causes, so it can
 * afford a larger one. Layers past a model's last-but-one are dropped by callers.
 */
export const MEMIT_DEFAULTS = {
  layers: [0, 1] as readonly number[],
  /** λ with the batch search through the update (the default search). */
  mom2Weight: 1000,
  /** λ with the reference's per-edit search (`searchThrough: 'subject'`). */
  mom2WeightSubject: 150,
};

/** Key-statistics defaults: positions of the model's text averaged over. */
export const STATS_DEFAULT_POSITIONS = 20_000;

/** {@link MEMIT_DEFAULTS}' layers that a model of `nLayer` layers can edit (values are written below the last layer). */
export function memitDefaultLayers(nLayer: number): number[] {
  if (!(Number.isInteger(nLayer) && nLayer >= 2)) throw new RangeError(`memitDefaultLayers: MEMIT needs a model of at least 2 layers, got ${nLayer}`);
  return MEMIT_DEFAULTS.layers.filter((l) => l < nLayer - 1);
}
