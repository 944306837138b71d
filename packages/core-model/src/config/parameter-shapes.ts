/** Every parameter a {@link TransformerConfig} implies, by checkpoint name, in a fixed order. */
import { innerSize, type TransformerConfig } from './transformer-config';

/** What a parameter is, which decides its initialisation. */
export type ParameterRole = 'embedding' | 'linear' | 'residual-linear' | 'norm-weight' | 'bias';

/** One parameter: HF name, shape (linear weights in HF Conv1D layout [in, out]) and role. */
export interface ParameterSpec {
  name: string;
  shape: number[];
  role: ParameterRole;
}

/**
 * Names and shapes (GPT2LMHeadModel's names; ftheta's additions documented here):
 * - `transformer.wte.weight` [V,C]; `transformer.wpe.weight` [n_positions,C] only for absolute positions.
 * - per block i, prefix `transformer.h.{i}.`: `ln_1`, `ln_2` (`.weight` [C], `.bias` [C] for LayerNorm
 *   with biases; RMSNorm has only `.weight`), `attn.c_attn` [C,3C] (q,k,v on the output axis),
 *   `attn.c_proj` [C,C], `mlp.c_fc` [C,I], `mlp.c_proj` [I,C], and for SwiGLU `mlp.c_gate` [C,I]
 *   (the gate: `c_proj(silu(x·c_gate) * (x·c_fc))`). `.bias` of each linear layer only with `use_bias`.
 * - `transformer.ln_f.*`; `lm_head.weight` [V,C] only when `tie_word_embeddings` is false.
 */
export function parameterShapes(config: TransformerConfig): ParameterSpec[] {
  const { vocab_size: V, n_embd: C, n_positions: P, use_bias } = config;
  const I = innerSize(config);
  const specs: ParameterSpec[] = [{ name: 'transformer.wte.weight', shape: [V, C], role: 'embedding' }];
  if (config.position_embedding_type === 'absolute') {
    specs.push({ name: 'transformer.wpe.weight', shape: [P, C], role: 'embedding' });
  }
  const norm = (prefix: string) => {
    specs.push({ name: `${prefix}.weight`, shape: [C], role: 'norm-weight' });
    if (config.norm_type === 'layernorm' && use_bias) specs.push({ name: `${prefix}.bias`, shape: [C], role: 'bias' });
  };
  const linear = (prefix: string, n_in: number, n_out: number, residual = false) => {
    specs.push({ name: `${prefix}.weight`, shape: [n_in, n_out], role: residual ? 'residual-linear' : 'linear' });
    if (use_bias) specs.push({ name: `${prefix}.bias`, shape: [n_out], role: 'bias' });
  };
  for (let i = 0; i < config.n_layer; i++) {
    const h = `transformer.h.${i}`;
    norm(`${h}.ln_1`);
    linear(`${h}.attn.c_attn`, C, 3 * C);
    linear(`${h}.attn.c_proj`, C, C, true);
    norm(`${h}.ln_2`);
    linear(`${h}.mlp.c_fc`, C, I);
    if (config.mlp_type === 'swiglu') linear(`${h}.mlp.c_gate`, C, I);
    linear(`${h}.mlp.c_proj`, I, C, true);
  }
  norm('transformer.ln_f');
  if (!config.tie_word_embeddings) specs.push({ name: 'lm_head.weight', shape: [V, C], role: 'linear' });
  return specs;
}
