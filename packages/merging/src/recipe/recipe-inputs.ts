/** The models a recipe reads, in mergekit's order. */
import type { MergeRecipe } from './recipe-types';

/** One input of a merge: the model reference and its index in `recipe.models` (-1 for an added base_model). */
export interface RecipeInput {
  model: string;
  modelIndex: number;
  isBase: boolean;
}

/**
 * `recipe.models` in order, then `base_model` when it is not listed (mergekit adds it). The first
 * input that is the base (or the first input when there is no base_model) gives the output's
 * config.json and tokenizer.json.
 */
export function recipeInputs(recipe: MergeRecipe): RecipeInput[] {
  const inputs: RecipeInput[] = recipe.models.map((m, i) => ({ model: m.model, modelIndex: i, isBase: m.model === recipe.baseModel }));
  if (recipe.baseModel !== null && !inputs.some((x) => x.isBase)) inputs.push({ model: recipe.baseModel, modelIndex: -1, isBase: true });
  return inputs;
}

/** The input whose config.json and tokenizer.json the merged model gets: the base, else the first model. */
export function configSourceIndex(inputs: readonly RecipeInput[]): number {
  const base = inputs.findIndex((x) => x.isBase);
  return Math.max(base, 0);
}
