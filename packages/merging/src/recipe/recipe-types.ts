/** A validated merge recipe (mergekit's YAML form, the subset ftheta supports). */

/** The merge methods ftheta implements, by mergekit's names. */
export type MergeMethodName = 'linear' | 'task_arithmetic' | 'ties' | 'dare_linear' | 'dare_ties' | 'slerp' | 'model_stock';

/** A parameter's value: a number or a boolean. */
export type ParameterValue = number | boolean;

/** One entry of a filter list: applies to the tensors whose name contains `filter` (null or `*`: every tensor). */
export interface ConditionalValue {
  filter: string | null;
  value: ParameterValue;
}

/**
 * A parameter setting: one value for every tensor, or mergekit's filter list (the first entry whose
 * filter is a substring of the tensor name wins; an entry without filter matches every tensor).
 */
export type ParameterSetting = ParameterValue | readonly ConditionalValue[];

/** One input model of a recipe. */
export interface RecipeModel {
  /** As written: a checkpoint directory, or `base_dir+adapter_dir` (a LoRA adapter merged into its base first). */
  model: string;
  /** Per-model parameters (`weight`, `density`). */
  parameters: Readonly<Record<string, ParameterSetting>>;
}

/** A recipe after validation. */
export interface MergeRecipe {
  mergeMethod: MergeMethodName;
  /** `base_model`, or null. */
  baseModel: string | null;
  models: readonly RecipeModel[];
  /** Global `parameters`. */
  parameters: Readonly<Record<string, ParameterSetting>>;
  /** Always float32 (others are refused). */
  dtype: 'float32';
  /** Always `base`: the tokenizer (and config.json) come from base_model, or the first model without one. */
  tokenizerSource: 'base';
  /** The recipe's file (or label), named in errors found later (a filter that matches no tensor). */
  source: string;
}
