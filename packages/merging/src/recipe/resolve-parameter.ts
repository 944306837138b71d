/**
 * The value of a parameter for one tensor, as mergekit looks it up: the model's own setting first
 * (for per-model parameters), then the top-level `parameters`, then the method's default. A filter
 * list yields the value of its first entry whose filter is a substring of the tensor name (an entry
 * without filter, or with `*`, matches every name); when none matches, the lookup goes on to the
 * next level.
 */
import { METHOD_SPECS } from './method-parameters';
import { RecipeError } from './recipe-error';
import type { MergeRecipe, ParameterSetting, ParameterValue } from './recipe-types';

/** The value `setting` gives the tensor `tensorName`, or undefined when no filter entry matches it. */
export function evaluateSetting(setting: ParameterSetting, tensorName: string): ParameterValue | undefined {
  if (!Array.isArray(setting)) return setting as ParameterValue;
  for (const c of setting as readonly { filter: string | null; value: ParameterValue }[]) {
    if (c.filter === null || c.filter === '*' || tensorName.includes(c.filter)) return c.value;
  }
  return undefined;
}

/**
 * The value of parameter `name` for tensor `tensorName` (and model `modelIndex` of `recipe.models`,
 * for per-model parameters; pass -1 for a model that is not listed, such as an added base_model).
 * @throws RecipeError naming the parameter and tensor when a required parameter has no value for it.
 */
export function resolveParameter(recipe: MergeRecipe, name: string, tensorName: string, modelIndex = -1, source = recipe.source): ParameterValue | undefined {
  const def = METHOD_SPECS[recipe.mergeMethod].parameters.find((d) => d.name === name);
  if (!def) throw new RangeError(`resolveParameter: ${recipe.mergeMethod} has no parameter "${name}"`);
  const own = modelIndex >= 0 && def.scope === 'model' ? recipe.models[modelIndex]?.parameters[name] : undefined;
  const fromModel = own === undefined ? undefined : evaluateSetting(own, tensorName);
  if (fromModel !== undefined) return fromModel;
  const global = recipe.parameters[name];
  const fromGlobal = global === undefined ? undefined : evaluateSetting(global, tensorName);
  if (fromGlobal !== undefined) return fromGlobal;
  if (def.default !== undefined) return def.default;
  if (def.required) {
    const where = own !== undefined ? `models[${modelIndex}].parameters.${name}` : `parameters.${name}`;
    throw new RecipeError(source, where, `no entry matches tensor "${tensorName}" (add an entry without filter as the default)`);
  }
  return undefined;
}
