/** The typed Mamba (v1) architecture, with Hugging Face MambaForCausalLM's config.json keys. */
import type { ModelConfig } from '@ftheta/core-model';

/** How `dt_proj.weight` is initialised (HF's `time_step_init_scheme`). */
export type TimeStepInitScheme = 'random' | 'constant';

/**
 * A validated Mamba config (what {@link parseMambaConfig} returns): every field filled, aliases
 * resolved to Hugging Face's names, `time_step_rank` and `intermediate_size` computed.
 */
export interface MambaConfig extends ModelConfig {
  model_type: 'mamba';
  /** Vocabulary size (rows of `backbone.embeddings.weight`). */
  vocab_size: number;
  /** Width of the residual stream, d_model (state-spaces: `d_model`). */
  hidden_size: number;
  /** Number of Mamba blocks (state-spaces: `n_layer`). */
  num_hidden_layers: number;
  /** N, the SSM state size per channel (state-spaces: `d_state`; default 16). */
  state_size: number;
  /** Width of the causal depthwise conv (state-spaces: `d_conv`; default 4). */
  conv_kernel: number;
  /** d_inner / d_model (default 2). */
  expand: number;
  /** d_inner, the mixer's width (default expand·hidden_size). */
  intermediate_size: number;
  /** R, rank of the Δ projection (state-spaces: `dt_rank`; "auto" = ceil(hidden_size/16)). */
  time_step_rank: number;
  /** RMSNorm epsilon (default 1e-5). */
  layer_norm_epsilon: number;
  /** Bias on conv1d (default true). */
  use_conv_bias: boolean;
  /**
   * Biases on in_proj and out_proj. Default false, as the original state-spaces Mamba and
   * ../shared/refs/mamba_ref.py (HF's MambaConfig class defaults to true, but HF's converted
   * checkpoints all say false explicitly).
   */
  use_bias: boolean;
  /** Only "silu" is implemented. */
  hidden_act: 'silu';
  /** The LM head shares `backbone.embeddings.weight` (default true). */
  tie_word_embeddings: boolean;
  /** Init: std of the embeddings, in_proj, x_proj and an untied head (default 0.02; HF's class says 0.1). */
  initializer_range: number;
  /** Init: dt_proj.weight bound (or constant) is time_step_rank^-0.5 · time_step_scale (default 1). */
  time_step_scale: number;
  /** Init: Δ at init is log-uniform in [time_step_min, time_step_max] (defaults 0.001, 0.1) ... */
  time_step_min: number;
  /** ... see time_step_min. */
  time_step_max: number;
  /** ... and clamped below at time_step_floor (default 1e-4). */
  time_step_floor: number;
  /** Init of dt_proj.weight: "random" (uniform ±bound, default) or "constant". */
  time_step_init_scheme: TimeStepInitScheme;
  /** Init: divide out_proj.weight by √num_hidden_layers (default true, as state-spaces and the reference do). */
  rescale_prenorm_residual: boolean;
}

/**
 * Defaults of the optional fields (state-spaces Mamba's, which ../shared/refs/mamba_ref.py uses).
 * `time_step_rank` and `intermediate_size` default to values computed from the others.
 */
export const MAMBA_DEFAULTS = {
  model_type: 'mamba',
  state_size: 16,
  conv_kernel: 4,
  expand: 2,
  time_step_rank: 'auto',
  layer_norm_epsilon: 1e-5,
  use_conv_bias: true,
  use_bias: false,
  hidden_act: 'silu',
  tie_word_embeddings: true,
  initializer_range: 0.02,
  time_step_scale: 1,
  time_step_min: 0.001,
  time_step_max: 0.1,
  time_step_floor: 1e-4,
  time_step_init_scheme: 'random',
  rescale_prenorm_residual: true,
} as const;
