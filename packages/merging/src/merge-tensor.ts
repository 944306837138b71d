/**
 * One tensor of a recipe's merge: looks up the method's parameters for this tensor name (filters
 * included) and calls the method. Pure: the streaming merge (node/merge-checkpoints.ts) calls it once
 * per tensor, and tests call it directly.
 */
import { dareLinearMerge } from './methods/dare-linear';
import { dareTiesMerge } from './methods/dare-ties';
import { linearMerge } from './methods/linear';
import { modelStockMerge } from './methods/model-stock';
import { slerpMerge } from './methods/slerp';
import { taskArithmeticMerge } from './methods/task-arithmetic';
import { tiesMerge } from './methods/ties';
import { type RecipeInput, recipeInputs } from './recipe/recipe-inputs';
import type { MergeRecipe } from './recipe/recipe-types';
import { resolveParameter } from './recipe/resolve-parameter';

/** Options of {@link mergeTensor}. */
export interface MergeTensorOptions {
  /** Seed of DARE's drop masks (default 0); each tensor and model draws its own stream from it. */
  seed?: number;
  /** The tensor's shape (model_stock's filter_wise needs it). */
  shape?: readonly number[];
  /** DARE: explicit keep-masks per input (tests; normally drawn from `seed`). */
  masks?: readonly (Uint8Array | undefined)[];
}

/**
 * The merged value of tensor `tensorName`, given its value in every input of {@link recipeInputs}
 * (same order). A new Float32Array.
 * @throws RecipeError when a parameter has no value for this tensor; RangeError from the method.
 */
export function mergeTensor(recipe: MergeRecipe, tensorName: string, tensors: readonly Float32Array[], options: MergeTensorOptions = {}): Float32Array {
  const inputs = recipeInputs(recipe);
  if (tensors.length !== inputs.length) throw new RangeError(`mergeTensor: ${tensors.length} tensors given for ${inputs.length} inputs (${inputs.map((x) => x.model).join(', ')})`);
  const param = (name: string, input?: RecipeInput) => resolveParameter(recipe, name, tensorName, input ? input.modelIndex : -1);
  const num = (name: string, input?: RecipeInput) => param(name, input) as number;
  const bool = (name: string) => param(name) as boolean;
  const baseAt = inputs.findIndex((x) => x.isBase);
  const base = tensors[baseAt];
  const others = inputs.map((x, i) => ({ x, i })).filter(({ x }) => !x.isBase);
  const otherTensors = others.map(({ i }) => tensors[i]);

  switch (recipe.mergeMethod) {
    case 'linear':
      return linearMerge(tensors, { weights: inputs.map((x) => num('weight', x)), normalize: bool('normalize') });
    case 'slerp':
      return slerpMerge(base, otherTensors[0], { t: num('t') });
    case 'model_stock':
      return modelStockMerge(base, otherTensors, { filterWise: bool('filter_wise'), shape: options.shape, tensorName });
    case 'task_arithmetic':
      return taskArithmeticMerge(base, otherTensors, { weights: others.map(({ x }) => num('weight', x)), lambda: num('lambda'), normalize: bool('normalize') });
    case 'ties':
      return tiesMerge(base, otherTensors, {
        weights: others.map(({ x }) => num('weight', x)),
        densities: others.map(({ x }) => num('density', x)),
        lambda: num('lambda'),
        normalize: bool('normalize'),
        tensorName,
      });
    case 'dare_linear':
    case 'dare_ties': {
      const dare = recipe.mergeMethod === 'dare_ties' ? dareTiesMerge : dareLinearMerge;
      return dare(base, otherTensors, {
        weights: others.map(({ x }) => num('weight', x)),
        densities: others.map(({ x }) => num('density', x)),
        lambda: num('lambda'),
        normalize: bool('normalize'),
        rescale: bool('rescale'),
        seed: options.seed ?? 0,
        tensorName,
        masks: options.masks ? others.map(({ i }) => options.masks![i]) : undefined,
      });
    }
  }
}
