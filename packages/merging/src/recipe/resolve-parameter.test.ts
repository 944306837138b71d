import { describe, expect, it } from 'vitest';
import { mergeTensor } from '../merge-tensor';
import { parseRecipe } from './parse-recipe';
import { evaluateSetting, resolveParameter } from './resolve-parameter';

describe('parameter lookup by tensor name', () => {
  const recipe = parseRecipe(`
merge_method: ties
base_model: base
models:
  - model: a
    parameters:
      weight: [{filter: mlp, value: 2}, {value: 1}]
      density: [{filter: attn, value: 0.5}]
  - model: b
parameters:
  weight: 0.25
  density: 0.8
  lambda: [{filter: "*", value: 3}]
`);
  it('first matching filter wins; no match falls back to the top-level parameters, then the default', () => {
    expect(evaluateSetting([{ filter: 'self_attn', value: 0.3 }, { filter: null, value: 0.5 }], 'model.layers.0.self_attn.q_proj.weight')).toBe(0.3);
    expect(evaluateSetting([{ filter: 'self_attn', value: 0.3 }, { filter: null, value: 0.5 }], 'model.layers.0.mlp.up_proj.weight')).toBe(0.5);
    expect(evaluateSetting([{ filter: 'self_attn', value: 0.3 }], 'mlp')).toBeUndefined();
    expect(resolveParameter(recipe, 'weight', 'h.0.mlp.c_fc.weight', 0)).toBe(2);
    expect(resolveParameter(recipe, 'weight', 'h.0.attn.c_attn.weight', 0)).toBe(1);
    expect(resolveParameter(recipe, 'weight', 'h.0.attn.c_attn.weight', 1)).toBe(0.25);
    expect(resolveParameter(recipe, 'density', 'h.0.attn.c_attn.weight', 0)).toBe(0.5);
    expect(resolveParameter(recipe, 'density', 'h.0.mlp.c_fc.weight', 0)).toBe(0.8);
    expect(resolveParameter(recipe, 'lambda', 'anything', -1)).toBe(3);
    expect(resolveParameter(recipe, 'normalize', 'anything')).toBe(true); // ties' default
  });
  it('mergeTensor uses the values for each tensor (slerp t by filter)', () => {
    const slerp = parseRecipe('merge_method: slerp\nbase_model: a\nmodels: [{model: a}, {model: b}]\nparameters:\n  t: [{filter: attn, value: 0}, {filter: mlp, value: 1}]\n', 's.yml');
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([2, 1]);
    expect(Array.from(mergeTensor(slerp, 'h.0.attn.c_attn.weight', [a, b]))).toEqual([1, 2]);
    expect(mergeTensor(slerp, 'h.0.mlp.c_fc.weight', [a, b])[0]).toBeCloseTo(2, 6);
    expect(() => mergeTensor(slerp, 'wte.weight', [a, b])).toThrow('s.yml: parameters.t: no entry matches tensor "wte.weight"');
  });
  it('mergeTensor: linear includes base_model with the global weight; task vectors skip it', () => {
    const lin = parseRecipe('merge_method: linear\nbase_model: c\nmodels: [{model: a, parameters: {weight: 3}}]\nparameters: {weight: 1}\n');
    // inputs: a (weight 3), then the added base c (weight 1): (3·4 + 1·0) / 4 = 3
    expect(Array.from(mergeTensor(lin, 'x', [new Float32Array([4]), new Float32Array([0])]))).toEqual([3]);
    const ta = parseRecipe('merge_method: task_arithmetic\nbase_model: base\nmodels: [{model: base}, {model: a, parameters: {weight: 2}}]\n');
    // base listed first: 1 + 2·(3 − 1) = 5
    expect(Array.from(mergeTensor(ta, 'x', [new Float32Array([1]), new Float32Array([3])]))).toEqual([5]);
  });
});
