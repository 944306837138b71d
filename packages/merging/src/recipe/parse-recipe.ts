/**
 * Reads a merge recipe in mergekit's YAML form and checks it completely before any tensor is read:
 * unknown keys, methods and parameters are refused (not ignored), every value is checked against
 * the method's parameter table (method-parameters.ts), and every error names the key path.
 *
 * Supported: `merge_method`, `base_model`, `models` (each `model` + `parameters`), `parameters`,
 * `dtype` (float32 only), `out_dtype` (float32 only), `tokenizer_source` (base only). A parameter is
 * a number or boolean, or mergekit's filter list `[{filter: self_attn, value: 0.3}, {value: 0.5}]`.
 * Refused with a reason: `slices`, `modules`, `tokenizer`, `chat_template`, gradients (lists of
 * numbers interpolated over layers), other dtypes and tokenizer sources.
 */
import { parse as parseYaml } from 'yaml';
import { METHOD_SPECS, type MethodSpec, type ParameterDef, UNSUPPORTED_MERGEKIT_METHODS } from './method-parameters';
import { RecipeError } from './recipe-error';
import type { ConditionalValue, MergeMethodName, MergeRecipe, ParameterSetting, ParameterValue, RecipeModel } from './recipe-types';

const TOP_KEYS = ['merge_method', 'base_model', 'models', 'parameters', 'dtype', 'out_dtype', 'tokenizer_source'];
const UNSUPPORTED_TOP_KEYS: Record<string, string> = {
  slices: 'layer slices (frankenmerges) are not supported; list whole models under models',
  modules: 'per-module merges are not supported; list whole models under models',
  tokenizer: 'tokenizer merging is not supported (the tokenizer is copied from base_model)',
  chat_template: 'chat templates are not supported (the tokenizer is copied from base_model as is)',
};
const UNSUPPORTED_PARAMETERS: Record<string, string> = {
  rescale: 'only dare_linear and dare_ties rescale (mergekit’s L1 rescaling for other methods is not supported)',
  gamma: 'gamma belongs to breadcrumbs, which is not supported',
  epsilon: 'epsilon belongs to della, which is not supported',
};
const FLOAT32_NAMES = new Set(['float32', 'fp32', 'f32']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * Parses YAML `text` (a recipe file's content) and validates it as {@link validateRecipe} does.
 * @param source The file name, named in every error.
 * @throws RecipeError naming `source`, the key path and the value at fault (or the YAML syntax error).
 */
export function parseRecipe(text: string, source = 'recipe.yml'): MergeRecipe {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    throw new RecipeError(source, '', `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateRecipe(doc, source);
}

/**
 * Checks a parsed recipe (YAML or JSON value) and returns it typed.
 * @throws RecipeError naming `source`, the key path and the value at fault.
 */
export function validateRecipe(doc: unknown, source = 'recipe'): MergeRecipe {
  const fail = (keyPath: string, problem: string) => new RecipeError(source, keyPath, problem);
  if (!isObject(doc)) throw fail('', `must be a mapping with merge_method, models, ...; got ${show(doc)}`);
  for (const key of Object.keys(doc)) {
    if (UNSUPPORTED_TOP_KEYS[key]) throw fail(key, `not supported: ${UNSUPPORTED_TOP_KEYS[key]}`);
    if (!TOP_KEYS.includes(key)) throw fail(key, `unknown key (supported: ${TOP_KEYS.join(', ')})`);
  }

  const method = doc.merge_method;
  if (method === undefined) throw fail('merge_method', `required (one of ${Object.keys(METHOD_SPECS).join(', ')})`);
  if (typeof method !== 'string') throw fail('merge_method', `must be a method name, got ${show(method)}`);
  if (UNSUPPORTED_MERGEKIT_METHODS.includes(method)) throw fail('merge_method', `mergekit's "${method}" is not supported by ftheta (supported: ${Object.keys(METHOD_SPECS).join(', ')})`);
  if (!Object.hasOwn(METHOD_SPECS, method)) throw fail('merge_method', `unknown method "${method}" (supported: ${Object.keys(METHOD_SPECS).join(', ')})`);
  const spec = METHOD_SPECS[method as MergeMethodName];

  for (const key of ['dtype', 'out_dtype'] as const) {
    const v = doc[key];
    if (v !== undefined && v !== null && !(typeof v === 'string' && FLOAT32_NAMES.has(v))) throw fail(key, `only float32 is supported, got ${show(v)}`);
  }
  const tok = doc.tokenizer_source;
  if (tok !== undefined && tok !== null && tok !== 'base') throw fail('tokenizer_source', `only "base" is supported (the tokenizer is copied from base_model), got ${show(tok)}`);

  let baseModel: string | null = null;
  if (doc.base_model !== undefined && doc.base_model !== null) {
    baseModel = checkModelRef(doc.base_model, 'base_model', fail);
  }
  if (spec.needsBase && baseModel === null) throw fail('base_model', `required by ${spec.name}`);

  const parameters = checkParameters(doc.parameters, 'parameters', spec, 'global', fail);

  if (!Array.isArray(doc.models) || doc.models.length === 0) throw fail('models', `must be a non-empty list of {model, parameters}, got ${show(doc.models)}`);
  const seen = new Map<string, number>();
  const models: RecipeModel[] = doc.models.map((entry, i) => {
    const at = `models[${i}]`;
    if (!isObject(entry)) throw fail(at, `must be a mapping with model (and parameters), got ${show(entry)}`);
    for (const key of Object.keys(entry)) if (key !== 'model' && key !== 'parameters') throw fail(`${at}.${key}`, 'unknown key (supported: model, parameters)');
    const model = checkModelRef(entry.model, `${at}.model`, fail);
    if (seen.has(model)) throw fail(`${at}.model`, `"${model}" is listed twice (also models[${seen.get(model)}])`);
    seen.set(model, i);
    return { model, parameters: checkParameters(entry.parameters, `${at}.parameters`, spec, 'model', fail) };
  });

  // The inputs, as mergekit plans them: the models, plus base_model when it is not among them.
  const inputs = models.map((m) => m.model);
  if (baseModel !== null && !seen.has(baseModel)) inputs.push(baseModel);
  const others = inputs.filter((m) => m !== baseModel).length;
  if (spec.maxInputs !== undefined && inputs.length > spec.maxInputs) {
    throw fail('models', `${spec.name} merges exactly ${spec.maxInputs} models (base_model and one other), got ${inputs.length}: ${inputs.join(', ')}`);
  }
  if (inputs.length < spec.minInputs) {
    const need = spec.minInputs - (spec.needsBase ? 1 : 0);
    throw fail('models', `${spec.name} needs ${need} model(s) besides base_model, got ${others}`);
  }

  // Required parameters must have a value (per model, or under parameters) for every model that needs one.
  for (const def of spec.parameters.filter((d) => d.required)) {
    if (def.scope === 'global') {
      if (!(def.name in parameters)) throw fail(`parameters.${def.name}`, `required by ${spec.name} (${def.doc})`);
      continue;
    }
    if (def.name in parameters) continue;
    models.forEach((m, i) => {
      const needs = spec.name === 'linear' || m.model !== baseModel;
      if (needs && !(def.name in m.parameters)) throw fail(`models[${i}].parameters.${def.name}`, `required by ${spec.name} (${def.doc}); set it here or under parameters`);
    });
    if (spec.name === 'linear' && baseModel !== null && !seen.has(baseModel)) {
      throw fail('base_model', `linear averages every input, and base_model "${baseModel}" is not in models and has no weight (add it to models with a weight, set parameters.weight, or drop base_model)`);
    }
  }
  return { mergeMethod: spec.name, baseModel, models, parameters, dtype: 'float32', tokenizerSource: 'base', source };
}

function checkModelRef(v: unknown, at: string, fail: (k: string, p: string) => RecipeError): string {
  if (typeof v !== 'string' || v.trim() === '') throw fail(at, `must be a checkpoint directory (or base_dir+adapter_dir), got ${show(v)}`);
  const parts = v.split('+');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) throw fail(at, `"${v}" is not DIR or BASE_DIR+ADAPTER_DIR`);
  return v;
}

function checkParameters(
  v: unknown,
  at: string,
  spec: MethodSpec,
  level: 'global' | 'model',
  fail: (k: string, p: string) => RecipeError,
): Record<string, ParameterSetting> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw fail(at, `must be a mapping of parameter names to values, got ${show(v)}`);
  const out: Record<string, ParameterSetting> = {};
  for (const [name, setting] of Object.entries(v)) {
    const path = `${at}.${name}`;
    const def = spec.parameters.find((d) => d.name === name);
    if (!def) {
      const known = spec.parameters.filter((d) => level === 'global' || d.scope === 'model').map((d) => d.name);
      const hint = UNSUPPORTED_PARAMETERS[name] ? `; ${UNSUPPORTED_PARAMETERS[name]}` : '';
      throw fail(path, `unknown parameter for ${spec.name}${hint} (${level === 'global' ? '' : 'per-model '}parameters: ${known.join(', ') || 'none'})`);
    }
    if (level === 'model' && def.scope === 'global') throw fail(path, `${name} is a global parameter of ${spec.name}; set it under the top-level parameters`);
    out[name] = checkSetting(setting, path, def, fail);
  }
  return out;
}

function checkValue(v: unknown, at: string, def: ParameterDef, fail: (k: string, p: string) => RecipeError): ParameterValue {
  if (def.kind === 'boolean') {
    if (typeof v !== 'boolean') throw fail(at, `must be true or false, got ${show(v)}`);
    return v;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(at, `must be a number${def.range ? ` ${def.range.text}` : ''}, got ${show(v)}`);
  if (def.range && !def.range.test(v)) throw fail(at, `must be ${def.range.text}, got ${v}`);
  return v;
}

function checkSetting(v: unknown, at: string, def: ParameterDef, fail: (k: string, p: string) => RecipeError): ParameterSetting {
  if (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number')) {
    throw fail(at, 'gradients (lists of numbers interpolated over the layers) are not supported; give one value, or a filter list [{filter: ..., value: ...}, {value: ...}]');
  }
  if (isObject(v)) return checkConditions([v], at, def, fail, false);
  if (Array.isArray(v)) {
    if (v.length === 0) throw fail(at, 'an empty filter list gives no value');
    return checkConditions(v, at, def, fail, true);
  }
  return checkValue(v, at, def, fail);
}

function checkConditions(list: unknown[], at: string, def: ParameterDef, fail: (k: string, p: string) => RecipeError, indexed: boolean): ConditionalValue[] {
  return list.map((e, i) => {
    const here = indexed ? `${at}[${i}]` : at;
    if (!isObject(e)) throw fail(here, `must be {filter: NAME_PART, value: ...} or {value: ...}, got ${show(e)}`);
    for (const key of Object.keys(e)) if (key !== 'filter' && key !== 'value') throw fail(`${here}.${key}`, 'unknown key (a filter entry has filter and value)');
    if (!('value' in e)) throw fail(`${here}.value`, 'required');
    if (e.filter !== undefined && e.filter !== null && (typeof e.filter !== 'string' || e.filter === '')) throw fail(`${here}.filter`, `must be a non-empty part of a tensor name, got ${show(e.filter)}`);
    if (Array.isArray(e.value)) throw fail(`${here}.value`, 'gradients (lists of values) are not supported; give one value');
    return { filter: typeof e.filter === 'string' ? e.filter : null, value: checkValue(e.value, `${here}.value`, def, fail) };
  });
}
