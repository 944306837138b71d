/**
 * TIES-Merging (Yadav et al. 2023, "TIES-Merging: Resolving Interference When Merging Models",
 * https://arxiv.org/abs/2306.01708): Trim each task vector to its top `density` fraction by
 * magnitude, Elect a sign per entry (the sign of the summed weighted task vectors, + on ties), and
 * merge the agreeing entries only (disjoint mean). mergekit's `ties`.
 */
import { taskVectorMerge } from './task-vector-merge';

/** Options of {@link tiesMerge} (mergekit's parameters). */
export interface TiesOptions {
  /** `weight` per model (required). */
  weights: readonly number[];
  /** `density` per model, in (0, 1] (default 1): the fraction of largest-magnitude entries kept. */
  densities?: readonly number[];
  /** `lambda` (default 1): scales the merged task vector. */
  lambda?: number;
  /**
   * `normalize` (default true): per entry, divide by the summed weights of the models whose trimmed,
   * weighted task vector has the elected sign (the disjoint mean; by 1 when none does).
   */
  normalize?: boolean;
}

/** θ_base + λ·disjointMerge(elect(trim(θᵢ − θ_base))). A new array. */
export function tiesMerge(base: Float32Array, models: readonly Float32Array[], options: TiesOptions & { tensorName?: string }): Float32Array {
  return taskVectorMerge(base, models, { ...options, normalize: options.normalize ?? true, sparsification: 'magnitude', consensus: true, method: 'ties' });
}
