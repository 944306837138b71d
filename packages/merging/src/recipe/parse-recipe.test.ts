import { describe, expect, it } from 'vitest';
import { parseRecipe } from './parse-recipe';

const ties = `
merge_method: ties
base_model: ./base
models:
  - model: ./math
    parameters: {weight: 1.0, density: 0.5}
  - model: ./code
    parameters: {weight: 0.5, density: 0.7}
parameters:
  normalize: true
  lambda: 1.0
dtype: float32
tokenizer_source: base
`;

const bad = (text: string) => () => parseRecipe(text, 'r.yml');

describe('parseRecipe', () => {
  it('reads a mergekit TIES recipe', () => {
    const r = parseRecipe(ties, 'r.yml');
    expect(r).toMatchObject({ mergeMethod: 'ties', baseModel: './base', dtype: 'float32', tokenizerSource: 'base' });
    expect(r.models[1]).toEqual({ model: './code', parameters: { weight: 0.5, density: 0.7 } });
    expect(r.parameters).toEqual({ normalize: true, lambda: 1 });
  });

  it('names the key path and value of every mistake', () => {
    expect(bad(ties.replace('density: 0.7', 'density: 1.5'))).toThrow('r.yml: models[1].parameters.density: must be in (0, 1], got 1.5');
    expect(bad(ties.replace('density: 0.7', 'density: 0'))).toThrow('models[1].parameters.density: must be in (0, 1], got 0');
    expect(bad(ties.replace('density: 0.7', 'density: high'))).toThrow('models[1].parameters.density: must be a number in (0, 1], got "high"');
    expect(bad(`${ties}extra: 1\n`)).toThrow('r.yml: extra: unknown key (supported: merge_method, base_model, models, parameters, dtype, out_dtype, tokenizer_source)');
    expect(bad(ties.replace('merge_method: ties', 'merge_method: fancy'))).toThrow('merge_method: unknown method "fancy" (supported: linear, task_arithmetic, ties, dare_linear, dare_ties, slerp, model_stock)');
    expect(bad(ties.replace('merge_method: ties', 'merge_method: della'))).toThrow(`merge_method: mergekit's "della" is not supported by ftheta`);
    expect(bad(ties.replace('base_model: ./base', ''))).toThrow('r.yml: base_model: required by ties');
    expect(bad(ties.replace('merge_method: ties', 'merge_method: task_arithmetic').replace('base_model: ./base', ''))).toThrow('base_model: required by task_arithmetic');
    expect(bad(ties.replace('weight: 0.5, ', ''))).toThrow('models[1].parameters.weight: required by ties');
    expect(bad(ties.replace('lambda: 1.0', 'lamda: 1.0'))).toThrow('parameters.lamda: unknown parameter for ties');
    expect(bad(ties.replace('lambda: 1.0', 'rescale: true'))).toThrow('parameters.rescale: unknown parameter for ties; only dare_linear and dare_ties rescale');
    expect(bad(ties.replace('{weight: 1.0, density: 0.5}', '{weight: 1.0, lambda: 2}'))).toThrow('models[0].parameters.lambda: lambda is a global parameter of ties');
    expect(bad(ties.replace('normalize: true', 'normalize: 1'))).toThrow('parameters.normalize: must be true or false, got 1');
    expect(bad(ties.replace('dtype: float32', 'dtype: bfloat16'))).toThrow('r.yml: dtype: only float32 is supported, got "bfloat16"');
    expect(bad(ties.replace('tokenizer_source: base', 'tokenizer_source: union'))).toThrow('tokenizer_source: only "base" is supported');
    expect(bad(ties.replace('- model: ./code', '- model: ./math'))).toThrow('models[1].model: "./math" is listed twice (also models[0])');
    expect(bad(ties.replace('    parameters: {weight: 0.5, density: 0.7}', '    params: {weight: 0.5}'))).toThrow('models[1].params: unknown key (supported: model, parameters)');
    expect(bad('merge_method: linear\nslices: []\n')).toThrow('slices: not supported: layer slices');
    expect(bad('merge_method: [linear')).toThrow('r.yml: not valid YAML');
    expect(bad('merge_method: linear\nmerge_method: ties\n')).toThrow('r.yml: not valid YAML');
    expect(bad('- 1')).toThrow('r.yml: must be a mapping');
    expect(bad('merge_method: linear\nmodels: []\n')).toThrow('models: must be a non-empty list');
  });

  it('checks the number of models each method needs', () => {
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}, {model: c}]\nparameters: {t: 0.5}\n')).toThrow('models: slerp merges exactly 2 models (base_model and one other), got 3');
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\n')).toThrow('parameters.t: required by slerp');
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters: {t: 2}\n')).toThrow('parameters.t: must be in [0, 1], got 2');
    expect(bad('merge_method: model_stock\nbase_model: a\nmodels: [{model: b}]\n')).toThrow('models: model_stock needs 2 model(s) besides base_model, got 1');
    expect(bad('merge_method: ties\nbase_model: a\nmodels: [{model: a, parameters: {weight: 1}}]\n')).toThrow('models: ties needs 1 model(s) besides base_model, got 0');
    expect(bad('merge_method: linear\nbase_model: c\nmodels: [{model: a, parameters: {weight: 1}}]\n')).toThrow('base_model: linear averages every input, and base_model "c" is not in models and has no weight');
    // a global weight applies to every model, the base included (mergekit's fallback)
    expect(parseRecipe('merge_method: linear\nbase_model: c\nmodels: [{model: a}]\nparameters: {weight: 1}\n').models).toHaveLength(1);
  });

  it('reads filter lists and refuses gradients', () => {
    const r = parseRecipe('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters:\n  t:\n    - {filter: self_attn, value: 0.3}\n    - {filter: mlp, value: 0.7}\n    - {value: 0.5}\n');
    expect(r.parameters.t).toEqual([
      { filter: 'self_attn', value: 0.3 },
      { filter: 'mlp', value: 0.7 },
      { filter: null, value: 0.5 },
    ]);
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters: {t: [0, 0.5, 1]}\n')).toThrow('parameters.t: gradients (lists of numbers interpolated over the layers) are not supported');
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters: {t: [{filter: x, value: 1.5}]}\n')).toThrow('parameters.t[0].value: must be in [0, 1], got 1.5');
    expect(bad('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters: {t: [{filter: x, valu: 1}]}\n')).toThrow('parameters.t[0].valu: unknown key');
  });
});
