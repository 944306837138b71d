/**
 * PEFT's adapter format, in memory (browser-safe): `adapter_config.json` + `adapter_model.safetensors`.
 *
 * Tensor names are PEFT's as `save_pretrained` writes them for a GPT2LMHeadModel (adapter name
 * removed): `base_model.model.transformer.h.0.attn.c_attn.lora_A.weight` [r, in] and
 * `….lora_B.weight` [out, r]. PEFT keeps nn.Linear's [out, in] layout for the two small matrices even
 * when the base layer is a Conv1D; `fan_in_fan_out: true` only tells PEFT to transpose B·A [out, in]
 * into the Conv1D layout [in, out] when merging. ftheta stores A and B in that same layout, so they
 * are written and read as they are (no transposition), and ΔW = (B·A)ᵀ = Aᵀ·Bᵀ.
 */
import { parseSafetensors, ParamStore, serializeSafetensors, type HostTensor, type Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { resolveLoraConfig, type LoraConfig } from './lora-config';
import { LoraModel, type LoraModelOptions } from './lora-model';

/** The prefix PEFT's PeftModelForCausalLM puts before the base model's parameter names. */
export const PEFT_PREFIX = 'base_model.model.';

/** Options of {@link adapterFiles}. */
export interface AdapterFilesOptions {
  /** Overrides the config's base_model_name_or_path. */
  baseModelNameOrPath?: string | null;
}

/** The two files of an adapter, ready to write. */
export interface AdapterFiles {
  'adapter_config.json': string;
  'adapter_model.safetensors': Uint8Array;
}

/** adapter_config.json as PEFT's LoraConfig writes it (the fields ftheta uses or requires at their defaults). */
export function peftAdapterConfig(lora: LoraConfig, options: AdapterFilesOptions = {}): Record<string, unknown> {
  return {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: options.baseModelNameOrPath ?? lora.baseModelNameOrPath,
    revision: null,
    inference_mode: true,
    r: lora.r,
    lora_alpha: lora.alpha,
    lora_dropout: lora.dropout,
    target_modules: lora.targetModules,
    fan_in_fan_out: true, // GPT-2's Conv1D: weight [in, out] (PEFT forces this for Conv1D anyway)
    bias: 'none',
    use_rslora: lora.useRslora,
    use_dora: false,
    modules_to_save: null,
    init_lora_weights: true,
    layers_to_transform: null,
    layers_pattern: null,
    rank_pattern: {},
    alpha_pattern: {},
  };
}

/** The adapter of `model` as PEFT's two files (tensors read back from the device). */
export function adapterFiles(model: LoraModel, options: AdapterFilesOptions = {}): AdapterFiles {
  const tensors = new Map<string, HostTensor>();
  for (const [name, v] of model.params.entries()) tensors.set(PEFT_PREFIX + name, { shape: [...v.shape], data: v.dataSync().slice() as Float32Array });
  return {
    'adapter_config.json': `${JSON.stringify(peftAdapterConfig(model.lora, options), null, 2)}\n`,
    'adapter_model.safetensors': serializeSafetensors(tensors, { format: 'pt' }, 'adapter_model.safetensors'),
  };
}

/**
 * Reads PEFT's adapter_config.json (parsed) into a {@link LoraConfig}.
 * @throws Error naming the field whose value ftheta cannot honour (peft_type other than LORA, bias
 *   other than none, DoRA, modules_to_save, rank/alpha patterns, layers_to_transform…).
 */
export function parsePeftAdapterConfig(json: unknown, source = 'adapter_config.json'): LoraConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${source}: expected a JSON object, got ${JSON.stringify(json)}`);
  const c = json as Record<string, unknown>;
  const fail = (field: string, why: string) => new Error(`${source}: ${field} ${JSON.stringify(c[field])} ${why}`);
  if (c.peft_type !== 'LORA') throw fail('peft_type', 'is not "LORA"');
  if (c.bias !== undefined && c.bias !== 'none') throw fail('bias', 'is not supported (only "none": biases are not trained)');
  if (c.use_dora) throw fail('use_dora', 'is not supported (DoRA)');
  const empty = (v: unknown) => v == null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);
  for (const field of ['modules_to_save', 'rank_pattern', 'alpha_pattern', 'layers_to_transform', 'layer_replication']) {
    if (!empty(c[field])) throw fail(field, 'is not supported (must be null or empty)');
  }
  if (c.task_type !== undefined && c.task_type !== null && c.task_type !== 'CAUSAL_LM') throw fail('task_type', 'is not "CAUSAL_LM"');
  const target = Array.isArray(c.target_modules) ? (c.target_modules as string[]) : c.target_modules;
  if (typeof target !== 'string' && !Array.isArray(target)) throw fail('target_modules', 'must be a list of names or a regular expression');
  try {
    return resolveLoraConfig({
      r: c.r as number,
      alpha: (c.lora_alpha as number | undefined) ?? 8,
      targetModules: target,
      dropout: (c.lora_dropout as number | undefined) ?? 0,
      useRslora: Boolean(c.use_rslora),
      baseModelNameOrPath: typeof c.base_model_name_or_path === 'string' ? c.base_model_name_or_path : null,
    });
  } catch (err) {
    throw new Error(`${source}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A {@link LoraModel} over `base` from PEFT's files (`configJson` already parsed).
 * @throws Error naming the file and the field or tensor at fault: a missing or unexpected tensor
 *   (names must be PEFT's, with `base_model.model.`), a shape that does not fit the base and r.
 */
export function loraFromAdapterFiles(
  base: Transformer,
  configJson: unknown,
  safetensors: Uint8Array,
  sources = { config: 'adapter_config.json', model: 'adapter_model.safetensors' },
  options: LoraModelOptions = {},
): LoraModel {
  const config = parsePeftAdapterConfig(configJson, sources.config);
  const { tensors } = parseSafetensors(safetensors, sources.model);
  const store = new ParamStore();
  try {
    for (const [name, t] of tensors) {
      if (!name.startsWith(PEFT_PREFIX)) throw new Error(`${sources.model}: tensor "${name}" does not start with "${PEFT_PREFIX}" (not a PEFT causal-LM adapter?)`);
      store.set(name.slice(PEFT_PREFIX.length), tf.tensor(t.data, t.shape, 'float32'));
    }
    return new LoraModel(base, config, store, options);
  } catch (err) {
    store.dispose();
    if ((err as Error).message.startsWith('LoraModel:')) throw new Error(`${sources.model}: ${(err as Error).message}`, { cause: err });
    throw err;
  }
}
