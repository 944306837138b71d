/**
 * DARE + task arithmetic (Yu et al. 2024, "Language Models are Super Mario: Absorbing Abilities from
 * Homologous Models as a Free Lunch", https://arxiv.org/abs/2311.03099): Drop each task-vector entry
 * with probability 1 − density And REscale the survivors by 1/density, then add the weighted task
 * vectors to the base. mergekit's `dare_linear`.
 */
import type { DareOptions } from './dare-options';
import { taskVectorMerge } from './task-vector-merge';

/** θ_base + λ·Σᵢ wᵢ·dare(θᵢ − θ_base) (÷ Σ wᵢ with normalize). A new array; seeded, see {@link DareOptions}. */
export function dareLinearMerge(base: Float32Array, models: readonly Float32Array[], options: DareOptions): Float32Array {
  return taskVectorMerge(base, models, { ...options, normalize: options.normalize ?? false, sparsification: 'random', consensus: false, method: 'dare_linear' });
}
