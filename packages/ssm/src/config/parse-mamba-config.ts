/** config.json -> a validated {@link MambaConfig}, with errors that name the file, the key and its value. */
import { MAMBA_DEFAULTS, type MambaConfig } from './mamba-config';

/** The original state-spaces names of HF's keys (the same table as ../shared/refs/mamba_ref.py). */
export const MAMBA_CONFIG_ALIASES: Readonly<Record<string, keyof MambaConfig>> = {
  d_model: 'hidden_size',
  n_layer: 'num_hidden_layers',
  d_state: 'state_size',
  d_conv: 'conv_kernel',
  dt_rank: 'time_step_rank',
  conv_bias: 'use_conv_bias',
  bias: 'use_bias',
  dt_min: 'time_step_min',
  dt_max: 'time_step_max',
  dt_init_floor: 'time_step_floor',
  dt_scale: 'time_step_scale',
  dt_init: 'time_step_init_scheme',
  tie_embeddings: 'tie_word_embeddings',
};

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? '[array]' : String(v));

/**
 * Validates a parsed config.json of a Mamba (v1) model and fills defaults ({@link MAMBA_DEFAULTS}).
 * Reads Hugging Face MambaForCausalLM's keys and the original state-spaces ones (`d_model`,
 * `n_layer`, `d_state`, `d_conv`, `dt_rank`, keys nested in `ssm_cfg`, `pad_vocab_size_multiple`
 * which rounds `vocab_size` up, as mamba_ssm does). `residual_in_fp32`, `use_cache`, token ids and
 * other keys are kept as they are and have no effect. Throws `<source>: <key> (<value>) <problem>`.
 */
export function parseMambaConfig(json: unknown, source = 'config.json'): MambaConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${source}: expected a JSON object, got ${Array.isArray(json) ? 'an array' : show(json)}`);
  }
  const raw = { ...(json as Record<string, unknown>) };
  const ssmCfg = raw.ssm_cfg;
  if (ssmCfg !== undefined && ssmCfg !== null) {
    if (typeof ssmCfg !== 'object' || Array.isArray(ssmCfg)) throw new Error(`${source}: ssm_cfg (${show(ssmCfg)}) must be an object`);
    const layer = (ssmCfg as Record<string, unknown>).layer;
    if (layer !== undefined && layer !== 'Mamba1') throw new Error(`${source}: ssm_cfg.layer (${show(layer)}) is not supported (only Mamba1)`);
    delete raw.ssm_cfg;
    for (const [k, v] of Object.entries(ssmCfg)) if (k !== 'layer') raw[k] = v;
  }
  const out: Record<string, unknown> = { ...MAMBA_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) out[MAMBA_CONFIG_ALIASES[key] ?? key] = value;
  if (!('model_type' in raw)) out.model_type = 'mamba';
  const fail = (key: string, problem: string): never => {
    throw new Error(`${source}: ${key} (${show(out[key])}) ${problem}`);
  };
  const positiveInt = (key: string) => {
    const v = out[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(key, 'must be a positive integer');
  };
  const positive = (key: string) => {
    const v = out[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(key, 'must be a positive number');
  };
  const bool = (key: string) => {
    if (typeof out[key] !== 'boolean') fail(key, 'must be true or false');
  };
  if (out.model_type !== 'mamba') fail('model_type', 'must be "mamba"');
  for (const key of ['vocab_size', 'hidden_size', 'num_hidden_layers']) {
    if (out[key] === undefined) throw new Error(`${source}: ${key} is missing (a Mamba config needs vocab_size, hidden_size and num_hidden_layers)`);
  }
  for (const key of ['vocab_size', 'hidden_size', 'num_hidden_layers', 'state_size', 'conv_kernel']) positiveInt(key);
  positive('expand');
  if (out.time_step_rank === 'auto') out.time_step_rank = Math.ceil((out.hidden_size as number) / 16);
  positiveInt('time_step_rank');
  if (out.intermediate_size === undefined || out.intermediate_size === null || out.intermediate_size === 0) {
    out.intermediate_size = Math.trunc((out.expand as number) * (out.hidden_size as number));
  }
  positiveInt('intermediate_size');
  if (raw.pad_vocab_size_multiple !== undefined) {
    positiveInt('pad_vocab_size_multiple');
    const m = out.pad_vocab_size_multiple as number;
    out.vocab_size = Math.ceil((out.vocab_size as number) / m) * m;
  }
  for (const key of ['layer_norm_epsilon', 'initializer_range', 'time_step_scale', 'time_step_min', 'time_step_max', 'time_step_floor']) positive(key);
  if ((out.time_step_min as number) > (out.time_step_max as number)) fail('time_step_min', `must be <= time_step_max (${out.time_step_max})`);
  for (const key of ['use_conv_bias', 'use_bias', 'tie_word_embeddings', 'rescale_prenorm_residual']) bool(key);
  if (out.hidden_act !== 'silu') fail('hidden_act', 'is not supported (only "silu")');
  if (out.time_step_init_scheme !== 'random' && out.time_step_init_scheme !== 'constant') fail('time_step_init_scheme', 'must be "random" or "constant"');
  return out as MambaConfig;
}
