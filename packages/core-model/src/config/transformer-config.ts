/**
 * The Transformer's architecture as plain JSON: Hugging Face GPT-2 config.json names, plus a few
 * modern options (ftheta names, all defaulting to GPT-2's behaviour so a GPT-2 config.json means
 * exactly GPT-2).
 */
import type { ModelConfig } from '../contract';

/** MLP activations of GPT-2 configs: `gelu_new` / `gelu_pytorch_tanh` (tanh form), `gelu` (exact erf). */
export type GeluActivation = 'gelu_new' | 'gelu_pytorch_tanh' | 'gelu';
/** Normalisation layers: LayerNorm (GPT-2) or RMSNorm (LLaMA and most models since). */
export type NormType = 'layernorm' | 'rmsnorm';
/** Positions: learned absolute embeddings (GPT-2's `wpe`) or rotary embeddings on q and k. */
export type PositionEmbeddingType = 'absolute' | 'rope';
/** MLP: GPT-2's c_fc -> GELU -> c_proj, or SwiGLU: c_proj(silu(x c_gate) * (x c_fc)). */
export type MlpType = 'gelu' | 'swiglu';
/** What happens when a forward pass would go past `n_positions` tokens of context. */
export type ContextOverflow = 'error' | 'slide';

/** A validated Transformer configuration with every field filled (see {@link parseTransformerConfig}). */
export interface TransformerConfig extends ModelConfig {
  /** Always `'gpt2'`: the family whose names and layout the checkpoints use. */
  model_type: 'gpt2';
  /** Token vocabulary size (GPT-2: 50257). */
  vocab_size: number;
  /** Longest context in tokens (GPT-2: 1024); also the size of `wpe` for absolute positions. */
  n_positions: number;
  /** Model width C (GPT-2 small: 768). */
  n_embd: number;
  /** Number of blocks (GPT-2 small: 12). */
  n_layer: number;
  /** Attention heads; must divide `n_embd` (GPT-2 small: 12). */
  n_head: number;
  /**
   * MLP hidden width, or null for the default: 4·n_embd for the GELU MLP (GPT-2), and for SwiGLU
   * 8/3·n_embd rounded up to a multiple of 8, which keeps its three matrices at about the parameter
   * count of GELU's two.
   */
  n_inner: number | null;
  /** Epsilon of LayerNorm / RMSNorm (GPT-2: 1e-5). */
  layer_norm_epsilon: number;
  /** GELU variant (GPT-2: `gelu_new`, the tanh approximation). Ignored by SwiGLU (which uses SiLU). */
  activation_function: GeluActivation;
  /** Output head = token embedding transposed (GPT-2: true, saving vocab·n_embd parameters). */
  tie_word_embeddings: boolean;
  /**
   * Biases in linear layers and LayerNorms (default true, GPT-2). False follows PaLM/LLaMA: biases
   * add parameters and little quality, and without them the model is a pure chain of matmuls.
   */
  use_bias: boolean;
  /** Default `'layernorm'` (GPT-2). `'rmsnorm'` skips centring and the bias: cheaper, as good in practice. */
  norm_type: NormType;
  /**
   * Default `'absolute'` (GPT-2's learned `wpe`). `'rope'` rotates q and k by position instead: no
   * position parameters and attention that depends on relative offsets.
   */
  position_embedding_type: PositionEmbeddingType;
  /** RoPE base θ (default 10000, as in the RoPE paper and LLaMA 1/2); larger stretches the wavelengths. */
  rope_theta: number;
  /** Default `'gelu'` (GPT-2). `'swiglu'` (PaLM, LLaMA) adds a gate matrix `mlp.c_gate`. */
  mlp_type: MlpType;
  /**
   * Default true (a decoder: each position sees only the past). False is the encoder mode:
   * bidirectional attention, no KV cache, and `embed()` gives one vector per sequence.
   */
  is_causal: boolean;
}

/** GPT-2 small's values for every field; what a GPT-2 config.json leaves out. */
export const TRANSFORMER_DEFAULTS: Readonly<TransformerConfig> = Object.freeze({
  model_type: 'gpt2',
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  n_inner: null,
  layer_norm_epsilon: 1e-5,
  activation_function: 'gelu_new',
  tie_word_embeddings: true,
  use_bias: true,
  norm_type: 'layernorm',
  position_embedding_type: 'absolute',
  rope_theta: 10000,
  mlp_type: 'gelu',
  is_causal: true,
});

/** The MLP hidden width that `n_inner: null` stands for. */
export function innerSize(config: Pick<TransformerConfig, 'n_inner' | 'n_embd' | 'mlp_type'>): number {
  if (config.n_inner != null) return config.n_inner;
  if (config.mlp_type === 'swiglu') return Math.ceil((8 * config.n_embd) / 3 / 8) * 8;
  return 4 * config.n_embd;
}
