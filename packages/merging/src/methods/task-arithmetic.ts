/**
 * Task arithmetic (Ilharco et al. 2023, "Editing Models with Task Arithmetic",
 * https://arxiv.org/abs/2212.04089): a task vector is what fine-tuning added, τᵢ = θᵢ − θ_base;
 * adding task vectors adds skills, and a negative weight removes one ("forgetting via negation").
 * mergekit's `task_arithmetic`.
 */
import { taskVectorMerge } from './task-vector-merge';

/** Options of {@link taskArithmeticMerge} (mergekit's parameters). */
export interface TaskArithmeticOptions {
  /** `weight` per model (required; negative subtracts that model's task vector). */
  weights: readonly number[];
  /** `lambda` (default 1): scales the summed task vector. */
  lambda?: number;
  /** `normalize` (default false): divide Σ wᵢτᵢ by Σ wᵢ (by 1 when |Σ wᵢ| < 1e-8). */
  normalize?: boolean;
}

/** θ_base + λ·Σᵢ wᵢ(θᵢ − θ_base) (÷ Σ wᵢ with normalize). A new array. */
export function taskArithmeticMerge(base: Float32Array, models: readonly Float32Array[], options: TaskArithmeticOptions): Float32Array {
  return taskVectorMerge(base, models, { ...options, normalize: options.normalize ?? false, sparsification: 'none', consensus: false, method: 'task_arithmetic' });
}
