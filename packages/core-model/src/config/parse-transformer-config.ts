/** config.json -> a validated {@link TransformerConfig}, with errors that name the field and value. */
import { TRANSFORMER_DEFAULTS, type TransformerConfig } from './transformer-config';

/** Other names of GPT-2 fields in HF configs (the same table as ../shared/refs/gpt_ref.py). */
export const CONFIG_ALIASES: Readonly<Record<string, keyof TransformerConfig>> = {
  hidden_size: 'n_embd',
  num_hidden_layers: 'n_layer',
  num_attention_heads: 'n_head',
  max_position_embeddings: 'n_positions',
  n_ctx: 'n_positions',
};

const CHOICES = {
  activation_function: ['gelu_new', 'gelu_pytorch_tanh', 'gelu'],
  norm_type: ['layernorm', 'rmsnorm'],
  position_embedding_type: ['absolute', 'rope'],
  mlp_type: ['gelu', 'swiglu'],
} as const;

/** HF GPT-2 flags whose non-default values ftheta does not implement (rather than silently ignore). */
const UNSUPPORTED: Record<string, unknown> = {
  scale_attn_by_inverse_layer_idx: false,
  reorder_and_upcast_attn: false,
  scale_attn_weights: true,
};

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/**
 * Validates a parsed config.json and fills defaults (GPT-2 small's; see {@link TRANSFORMER_DEFAULTS}).
 * Accepts the HF aliases (`hidden_size`, `num_hidden_layers`, `num_attention_heads`,
 * `max_position_embeddings`, `n_ctx`; `n_positions` wins over `n_ctx`). Unknown keys (architectures,
 * token ids, ...) are kept as they are. Throws `<source>: <field> (<value>) <problem>`.
 */
export function parseTransformerConfig(json: unknown, source = 'config.json'): TransformerConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${source}: expected a JSON object, got ${Array.isArray(json) ? 'an array' : show(json)}`);
  }
  const raw = json as Record<string, unknown>;
  const out: Record<string, unknown> = { ...TRANSFORMER_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'n_ctx' && 'n_positions' in raw) continue;
    out[CONFIG_ALIASES[key] ?? key] = value;
  }
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: ${field} (${show(out[field])}) ${problem}`);
  };
  if (out.model_type !== 'gpt2') fail('model_type', 'must be "gpt2"');
  for (const field of ['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head'] as const) {
    const v = out[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(field, 'must be a positive integer');
  }
  if (out.n_inner !== null && (typeof out.n_inner !== 'number' || !Number.isInteger(out.n_inner) || out.n_inner < 1)) {
    fail('n_inner', 'must be a positive integer or null');
  }
  for (const field of ['layer_norm_epsilon', 'rope_theta'] as const) {
    const v = out[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(field, 'must be a positive number');
  }
  for (const [field, choices] of Object.entries(CHOICES)) {
    if (!(choices as readonly unknown[]).includes(out[field])) fail(field, `must be one of ${choices.join(', ')}`);
  }
  for (const field of ['tie_word_embeddings', 'use_bias', 'is_causal'] as const) {
    if (typeof out[field] !== 'boolean') fail(field, 'must be true or false');
  }
  for (const [flag, supported] of Object.entries(UNSUPPORTED)) {
    if (flag in out && out[flag] !== supported) fail(flag, `is not supported (only ${supported})`);
  }
  const c = out as TransformerConfig;
  if (c.n_embd % c.n_head !== 0) fail('n_embd', `must be divisible by n_head (${c.n_head})`);
  if (c.position_embedding_type === 'rope' && (c.n_embd / c.n_head) % 2 !== 0) {
    fail('n_embd', `/ n_head must be even for rope (head size ${c.n_embd / c.n_head})`);
  }
  return c;
}
