/**
 * DARE + TIES sign election (Yu et al. 2024, https://arxiv.org/abs/2311.03099, with the sign
 * consensus of Yadav et al. 2023, https://arxiv.org/abs/2306.01708): DARE's random drop and 1/density
 * rescale replace TIES' magnitude trim; the sign election and disjoint merge follow. mergekit's `dare_ties`.
 */
import type { DareOptions } from './dare-options';
import { taskVectorMerge } from './task-vector-merge';

/** θ_base + λ·disjointMerge(elect(dare(θᵢ − θ_base))). A new array; seeded, see {@link DareOptions}. */
export function dareTiesMerge(base: Float32Array, models: readonly Float32Array[], options: DareOptions): Float32Array {
  return taskVectorMerge(base, models, { ...options, normalize: options.normalize ?? false, sparsification: 'random', consensus: true, method: 'dare_ties' });
}
