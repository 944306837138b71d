/**
 * @ftheta/merging: combine models fine-tuned apart into one, without training. Each method is a
 * small pure function over one tensor's values (Float32Array); recipes are mergekit's YAML. The
 * streaming merge of checkpoint directories is in `@ftheta/merging/node`.
 */
export { linearMerge, type LinearMergeOptions } from './methods/linear';
export { taskArithmeticMerge, type TaskArithmeticOptions } from './methods/task-arithmetic';
export { tiesMerge, type TiesOptions } from './methods/ties';
export { dareLinearMerge } from './methods/dare-linear';
export { dareTiesMerge } from './methods/dare-ties';
export type { DareOptions } from './methods/dare-options';
export { SLERP_DOT_THRESHOLD, SLERP_EPS, slerpMerge, type SlerpOptions } from './methods/slerp';
export { modelStockMerge, type ModelStockOptions } from './methods/model-stock';
export { taskVectorMerge, type Sparsification, type TaskVectorMergeOptions } from './methods/task-vector-merge';
export { magnitudeTrim } from './methods/magnitude-trim';
export { dareMask, dareSeed } from './methods/dare-mask';
export { RecipeError } from './recipe/recipe-error';
export type { ConditionalValue, MergeMethodName, MergeRecipe, ParameterSetting, ParameterValue, RecipeModel } from './recipe/recipe-types';
export { METHOD_SPECS, type MethodSpec, type ParameterDef, UNSUPPORTED_MERGEKIT_METHODS } from './recipe/method-parameters';
export { parseRecipe, validateRecipe } from './recipe/parse-recipe';
export { evaluateSetting, resolveParameter } from './recipe/resolve-parameter';
export { configSourceIndex, type RecipeInput, recipeInputs } from './recipe/recipe-inputs';
export { mergeTensor, type MergeTensorOptions } from './merge-tensor';
